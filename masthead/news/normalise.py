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
from functools import cache

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


# A control character (a NUL from `%00`) separates words, like a space.
_ASCII_CONTROLS = str.maketrans({**{code: " " for code in range(32)}, 127: " "})
# A breve is kept only where it makes a letter of its own (й Й ў Ў).
_STRAY_BREVE = re.compile(r"(?<![" + "".join(base for base, _ in _CYRILLIC_KEEP) + r"])" + _BREVE)


@cache
def _marks_and_controls() -> dict:
    """str.translate table: every combining mark (Unicode category Mn) but the breve → removed,
    every control character → a space. Built once, on the first text that is not ASCII."""
    table = {}
    for code in range(0x30000):  # the planes that have marks; beyond, only Mn in plane 14 (variation selectors)
        category = unicodedata.category(chr(code))
        if category == "Mn" and code != ord(_BREVE):
            table[code] = None
        elif category == "Cc":
            table[code] = " "
    table.update({code: None for code in range(0xE0100, 0xE01F0)})  # variation selectors supplement (Mn)
    return table


def normalise(text: str) -> str:
    """`text` with marks, letter variants and case folded away (see the module's doc)."""
    if not text:
        return ""
    if text.isascii():  # most of an English site's text: no marks, no letter variants
        return text.translate(_ASCII_CONTROLS).lower()
    decomposed = _STRAY_BREVE.sub("", unicodedata.normalize("NFKD", text).translate(_marks_and_controls()))
    return unicodedata.normalize("NFC", decomposed).translate(_TRANSLATE).casefold()


def words(text: str) -> list[str]:
    """The normalised words of `text`: what a query is made of, and what a snippet compares."""
    return _WORD.findall(normalise(text))
