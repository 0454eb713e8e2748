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


def features(document) -> dict[int, str]:
    """{bucket: readable feature} for one document."""
    found = {}
    crc32 = zlib.crc32

    def add(name):
        found.setdefault(crc32(name.encode()) % BUCKETS, name)

    body = document.body
    body_words = text.words(body)
    for word in body_words:
        add(f"w:{word}")
    for first, second in zip(body_words, body_words[1:]):
        add(f"b:{first} {second}")
    for word in set(text.words(body[:CHAR_TEXT_LIMIT]) if len(body) > CHAR_TEXT_LIMIT else body_words):
        padded = f" {word} "
        for n in (3, 4, 5):
            for i in range(len(padded) - n + 1):
                add(f"c:{padded[i:i + n]}")
    links = text.links(body)
    for domain in {text.host(link) for link in links} | set(text.domain_mentions(body)):
        if domain:
            add(f"d:{domain}")
    add(f"links:{min(len(links), 3)}")
    letters = [ch for ch in body if ch.isalpha()]
    if len(letters) >= 8 and sum(ch.isupper() for ch in letters) > 0.6 * len(letters):
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
