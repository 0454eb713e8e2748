"""How masthead reads a comment's text: the normal form used to match banned and suspect
terms (case-, accent- and leetspeak-insensitive, on word boundaries, in any script), links,
and the fingerprint that finds duplicates.

Normalising is: leetspeak digits and symbols to letters, Unicode NFKD, combining marks
(accents, Arabic harakat) and the Arabic tatweel removed, casefold (ß → ss). Words are runs
of Unicode letters and digits, so "caliphate" matches in "the caliphate's flag" but not in
"caliphates2"; a term of several words matches those words in a row.
"""

import hashlib
import re
import unicodedata

LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i", "|": "l", "+": "t", "€": "e"})
_WORD = re.compile(r"\w+", re.UNICODE)
_REPEATS = re.compile(r"(.)\1+")
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"']+|<a\s", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


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


def count_links(text: str) -> int:
    return len(_LINK.findall(text))


def link_domains(text: str) -> list[str]:
    domains = []
    for link in _LINK.findall(text):
        host = re.sub(r"^(https?://)?(www\.)?", "", link, flags=re.IGNORECASE).split("/")[0].split(":")[0].lower()
        if host and host != "<a":
            domains.append(host)
    return domains


def fingerprint(text: str) -> str:
    """sha1 of the text folded and with whitespace collapsed: equal for a re-posted copy."""
    return hashlib.sha1(_SPACE.sub(" ", fold(text)).strip().encode()).hexdigest()
