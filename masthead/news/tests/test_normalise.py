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
