import pytest

from masthead.news.normalise import normalise, words


@pytest.mark.parametrize("written, searched", [
    ("دَاعِش", "داعش"),  # vowel marks
    ("مُحَمَّد", "محمد"),  # shadda
    ("الـــرقة", "الرقة"),  # tatweel
    ("أحمد", "احمد"), ("إبراهيم", "ابراهيم"), ("آمنة", "امنة"), ("ٱلله", "الله"),  # alef forms
    ("مستشفى", "مستشفي"),  # ى / ي
    ("مدرسة", "مدرسه"),  # ة / ه
    ("مسؤول", "مسوول"), ("رئيس", "رييس"),  # hamza seats
    ("٢٠٢١", "2021"),  # Arabic-Indic digits
    ("Aleppo Café", "aleppo cafe"), ("Şanlıurfa", "sanliurfa"), ("Łódź", "lodz"), ("Straße", "strasse"),
    ("Ёлка", "елка"), ("ёж", "еж"),
])
def test_written_and_searched_forms_normalise_to_the_same_text(written, searched):
    assert normalise(written) == normalise(searched)


def test_cyrillic_short_i_stays_a_letter_of_its_own():
    assert normalise("мой") != normalise("мои")
    assert normalise("Мой") == "мой"


def test_control_characters_and_invisible_joiners_do_not_join_or_split_words():
    assert words("x\x00y") == ["x", "y"]
    assert words("soft\u00adhyphen") == ["softhyphen"]


def test_words_keep_mixed_scripts_apart_from_punctuation():
    assert words('"داعش" OR Raqqa* -(ёж)') == ["داعش", "or", "raqqa", "еж"]


def test_the_fast_paths_give_what_the_character_by_character_rule_gives():
    """normalise() takes str.translate tables (and returns ASCII at once); this is the rule
    of the module's doc spelled out one character at a time, compared on every script's
    marks, letters, controls and a breve in each position it can take."""
    import random
    import unicodedata

    from masthead.news.normalise import _CYRILLIC_KEEP, _TRANSLATE, normalise

    def by_hand(text):
        kept, base = [], ""
        for char in unicodedata.normalize("NFKD", text):
            category = unicodedata.category(char)
            if category == "Mn":
                if (base, char) in _CYRILLIC_KEEP:
                    kept.append(char)
                continue
            base = " " if category == "Cc" else char
            kept.append(base)
        return unicodedata.normalize("NFC", "".join(kept)).translate(_TRANSLATE).casefold()

    ranges = [(0, 0x80), (0x80, 0x250), (0x300, 0x370), (0x400, 0x500), (0x600, 0x700), (0x1E00, 0x1F00),
              (0x2000, 0x2070), (0xFB50, 0xFE00), (0x1D400, 0x1D800), (0xE0100, 0xE01F0), (0, 0x30000)]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(chr(rng.randrange(*rng.choice(ranges))) for _ in range(rng.randint(1, 10))).replace("\ud800", "")
        text = text if not any(0xD800 <= ord(c) < 0xE000 for c in text) else "x"
        assert normalise(text) == by_hand(text), repr(text)
    for text in ("и\u0306 у\u0306 a\u0306 \u0306", "Ўзбекистон ёлка", "a\x00b\x7fc"):
        assert normalise(text) == by_hand(text)
