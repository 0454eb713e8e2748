"""What the spam classifiers see of a comment: hashed features, each at most once.

Of the body: its words and word pairs, character 3- to 5-grams inside words (they survive
misspellings and mixed scripts), the domains it links to or spells out ("site . com"), how
many links the page will make of it (bare domains and emails included: text.links), and a
few signals of shape (all capitals, a character repeated, length). Of the commenter: the
words of the name, whether a website was given and its domain, the email's domain.

Each feature is hashed (crc32) into 2^22 buckets, so a stored model stays bounded and holds
no reader text; `features()` keeps one readable name per bucket for the moderator.
"""

import re
import zlib

from masthead.comments import text

BUCKETS = 1 << 22
CHAR_TEXT_LIMIT = 3000  # characters of a long comment that feed the character n-grams
_REPEAT = re.compile(r"(.)\1{3,}")
_BUCKET: dict[str, int] = {}  # feature name → bucket, so a common n-gram is hashed once per process
_BUCKET_LIMIT = 500_000


def bucket(name: str) -> int:
    found = _BUCKET.get(name)
    if found is None:
        if len(_BUCKET) >= _BUCKET_LIMIT:
            _BUCKET.clear()
        found = _BUCKET[name] = zlib.crc32(name.encode()) % BUCKETS
    return found


_GRAMS: dict[str, tuple] = {}  # word → its character n-gram features, ((bucket, name), …)


def grams(word: str) -> tuple:
    found = _GRAMS.get(word)
    if found is None:
        if len(_GRAMS) >= _BUCKET_LIMIT // 10:
            _GRAMS.clear()
        padded = f" {word} "
        names = dict.fromkeys(f"c:{padded[i:i + n]}" for n in (3, 4, 5) for i in range(len(padded) - n + 1))
        found = _GRAMS[word] = tuple((bucket(name), name) for name in names)
    return found


def features(document) -> dict[int, str]:
    """{bucket: readable feature} for one document."""
    found = {}
    known = _BUCKET

    def add(name):
        key = known.get(name)
        found.setdefault(bucket(name) if key is None else key, name)

    body = document.body
    body_words = text.words(body)
    for word in body_words:
        add(f"w:{word}")
    for first, second in zip(body_words, body_words[1:]):
        add(f"b:{first} {second}")
    setdefault = found.setdefault
    for word in set(text.words(body[:CHAR_TEXT_LIMIT]) if len(body) > CHAR_TEXT_LIMIT else body_words):
        for key, name in grams(word):
            setdefault(key, name)
    links = text.links(body)
    for domain in {text.host(link) for link in links} | set(text.domain_mentions(body)):
        if domain:
            add(f"d:{domain}")
    add(f"links:{min(len(links), 3)}")
    letters = sum(map(str.isalpha, body))
    if letters >= 8 and sum(map(str.isupper, body)) > 0.6 * letters:
        add("shape:capitals")
    if _REPEAT.search(body):
        add("shape:repeats")
    add(f"shape:length{min(len(body_words).bit_length(), 8)}")
    for word in text.words(document.author_name):
        add(f"n:{word}")
    if document.author_url:
        add("url:yes")
        domain = text.host(document.author_url.strip())
        if domain:
            add(f"d:{domain}")
    if document.email_domain:
        add(f"e:{document.email_domain.lower()}")
    return found


def readable(feature: str) -> str:
    kind, _, value = feature.partition(":")
    if kind == "shape":
        if value.startswith("length"):
            bits = int(value[6:])
            return f"{2 ** (bits - 1) if bits else 0}+ words"
        return {"capitals": "mostly capitals", "repeats": "a character repeated"}.get(value, value)
    return {
        "w": value,
        "b": f"“{value}”",
        "c": f"letters “{value.strip()}”",
        "d": f"link to {value}",
        "links": f"{value} link(s)" if value != "3" else "3+ links",
        "n": f"name “{value}”",
        "url": "has a website",
        "e": f"email @{value}",
    }.get(kind, feature)
