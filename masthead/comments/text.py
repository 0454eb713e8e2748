"""How masthead reads a comment's text: the normal form used to match banned and suspect
terms (case-, accent- and leetspeak-insensitive, on word boundaries, in any script), links,
the links the page will make of it, and the fingerprint that finds duplicates.

Normalising is: leetspeak digits and symbols to letters, Unicode NFKD, combining marks
(accents, Arabic harakat) and the Arabic tatweel removed, casefold (ß → ss). Words are runs
of Unicode letters and digits, so "caliphate" matches in "the caliphate's flag" but not in
"caliphates2"; a term of several words matches those words in a row.
"""

import hashlib
import re
import unicodedata
from html import unescape
from urllib.parse import urlsplit

from django.utils.html import escape, urlize

LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i", "|": "l", "+": "t", "€": "e"})
_WORD = re.compile(r"\w+", re.UNICODE)
_REPEATS = re.compile(r"(.)\1+")
_HREF = re.compile(r'<a href="([^"]*)"')
# A domain written out to be read, not clicked: "best-pills.top", "site . com", "site dot com".
# Only common TLDs, so "e.g." and "3.5" are not domains.
_MENTION = re.compile(
    r"\b((?:[a-z0-9][a-z0-9-]*\s?\.\s?)*[a-z0-9][a-z0-9-]*)\s?(?:\.|\(dot\)|\[dot\]|\bdot\b)\s?"
    r"(com|net|org|info|biz|top|xyz|site|online|click|shop|club|store|link|live|pro|io|co|me|tv|ru|cc|ws|pw|us|uk|in)\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
# What Django's urlize needs to see before it makes a link of a word (django.utils.html.
# Urlizer.handle_word): a scheme, "www.", one of its seven bare TLDs, or an email's "@".
_LINKABLE = re.compile(r"https?://|www\.|\.(?:com|edu|gov|int|mil|net|org)|@", re.IGNORECASE)


def fold(text: str) -> str:
    """Case, accents and combining marks removed: what two spellings of a word share."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != "\u0640")
    return stripped.casefold()


def words(text: str) -> list[str]:
    """The normal form of each word of `text`, leetspeak undone. A token that mixes letters
    and leet characters ("c4l1ph@te") becomes letters; plain numbers stay numbers."""
    result = []
    for token in re.split(r"[^\w@$!|+€]+", fold(text)):
        if not token:
            continue
        token = token.strip("!|+€")  # punctuation at a word's edge, not leetspeak
        if any(ch.isalpha() for ch in token):
            token = token.translate(LEET)
        result.extend(part for part in _WORD.findall(token) if part)
    return [w.replace("_", "") for w in result if w.replace("_", "")]


def squeeze(word: str) -> str:
    """Runs of one letter collapsed ("kiiiill" → "kil"), for a second, looser match."""
    return _REPEATS.sub(r"\1", word)


def find_term(text_words: list[str], term_words: tuple) -> bool:
    """True if the term's words occur in a row in the text's words, exactly or squeezed."""
    n = len(term_words)
    if not n or n > len(text_words):
        return False
    squeezed_term = tuple(squeeze(w) for w in term_words)
    for i in range(len(text_words) - n + 1):
        window = tuple(text_words[i : i + n])
        if window == term_words or tuple(squeeze(w) for w in window) == squeezed_term:
            return True
    return False


def linked_html(text: str) -> str:
    """Django's `urlize(text, autoescape=True)`, the same string, without walking every word
    when no word can be a link (most comments): then urlize only escapes each word, which is
    escaping the text. Half the comment thread's render time was urlize (bench/render.sh)."""
    if not _LINKABLE.search(text):
        return escape(text)
    return urlize(text, autoescape=True)


def links(text: str) -> list[str]:
    """The address of every link the page will show for `text`: the comment template runs
    Django's `urlize`, which links http(s):// and www. addresses, bare domains under .com,
    .net, .org, .edu, .gov, .int and .mil, and email addresses (as mailto:). Counting with
    urlize itself keeps the link limit equal to what readers see."""
    if "." not in text:
        return []  # no address of any kind without a dot: the common case, kept cheap
    return [unescape(href) for href in _HREF.findall(linked_html(text))]


def count_links(text: str) -> int:
    return len(links(text))


def host(address: str) -> str:
    """The domain an address points to, without www.; an email's domain for mailto:."""
    if address.startswith("mailto:"):
        return address.rpartition("@")[2].lower()
    try:
        name = urlsplit(address if "//" in address else f"http://{address}").hostname or ""
    except ValueError:
        return ""
    return name.removeprefix("www.")


def link_domains(text: str) -> list[str]:
    """The domain of each link the page will make of `text`."""
    return [name for name in map(host, links(text)) if name]


def domain_mentions(text: str) -> list[str]:
    """Domains written in the text whether or not the page links them ("site . com",
    "pills dot top", "best-rx.xyz"), normalised to "site.com"."""
    found = []
    for name, tld in _MENTION.findall(text):
        name = re.sub(r"\s", "", name.lower()).removeprefix("www.")
        found.append(f"{name}.{tld.lower()}")
    return found


def fingerprint(text: str) -> str:
    """sha1 of the text folded and with whitespace collapsed: equal for a re-posted copy."""
    return hashlib.sha1(_SPACE.sub(" ", fold(text)).strip().encode()).hexdigest()
