"""Text as search sees it: one function, applied identically to what is indexed and to
what a reader types, so that a word is found however it was written.

- Arabic: vowel marks (harakat, shadda, sukun, superscript alef), tatweel, the alef forms
  (أ إ آ ٱ → ا), hamza seats (ؤ → و, ئ → ي), ى → ي, ة → ه, Persian/Urdu ی/ک → ي/ك,
  Arabic-Indic digits → 0-9. `دَاعِش` and `داعش` become the same word.
- Latin: accents and other combining marks (é → e, ñ → n, ç → c), plus the letters with no
  decomposition (ł ø đ ħ ı → l o d h i); case folded (ß → ss).
- Cyrillic: ё → е (and Ё); й and ў keep their breve, since they are letters of their own.
- Invisible characters (zero-width joiners, soft hyphen, BOM) and control characters
  (a NUL from `%00`) are dropped.

Wagtail's database backend folds case and Latin accents only (SQLite FTS5's unicode61
tokenizer; PostgreSQL's `simple` configuration folds case only), so masthead indexes text
already normalised (news/search.py, NormalisedSearchField) and normalises the query the same
way before it reaches the backend.
"""

import re
import unicodedata

from wagtail.search import index

_BREVE = "\u0306"
_CYRILLIC_KEEP = {("и", _BREVE), ("И", _BREVE), ("у", _BREVE), ("У", _BREVE)}  # й Й ў Ў

_TRANSLATE = str.maketrans(
    {
        # Arabic letters that are one letter to a reader searching
        "\u0671": "\u0627",  # ٱ alef wasla → ا
        "\u0649": "\u064a",  # ى alef maqsura → ي
        "\u0629": "\u0647",  # ة teh marbuta → ه
        "\u06cc": "\u064a",  # ی Farsi yeh → ي
        "\u06a9": "\u0643",  # ک keheh → ك
        "\u0640": None,  # tatweel
        # Latin letters without a canonical decomposition
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ħ": "h", "Ħ": "h", "ı": "i",
        # invisible characters
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended Arabic-Indic digits
    }
)

_WORD = re.compile(r"\w+")


class NormalisedSearchField(index.SearchField):
    """A SearchField whose text reaches the index through `normalise` (lists, such as a
    StreamField's searchable content, are joined first)."""

    def get_value(self, obj):
        value = super().get_value(obj)
        if isinstance(value, (list, tuple)):
            value = " ".join(str(item) for item in value)
        return normalise(str(value)) if value else ""


def normalise(text: str) -> str:
    """`text` with marks, letter variants and case folded away (see the module's doc)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = []
    base = ""
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":
            if (base, char) in _CYRILLIC_KEEP:
                kept.append(char)
            continue
        if category == "Cc":
            char = " "  # a NUL or other control character separates words, like a space
        base = char
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_TRANSLATE).casefold()


def words(text: str) -> list[str]:
    """The normalised words of `text`: what a query is made of, and what a snippet compares."""
    return _WORD.findall(normalise(text))
