"""What is done to a name a reader types before it is stored and shown to other readers.

Unicode's bidirectional controls (the embeddings and overrides U+202A–U+202E, the isolates
U+2066–U+2069, and the marks U+200E, U+200F, U+061C) are invisible and reorder the text
around them: "U+202E" makes "Reader moc.elpmaxe" read backwards, and an unclosed override
in a name spills into "says:" and the next comment. A name never needs them, so they are
removed; reader text that is shown (comment bodies, gift messages) is isolated in the
templates instead (`<bdi>`, `dir="auto"`), which keeps legitimate right-to-left text intact.
"""

import re

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_name(name: str) -> str:
    """`name` without bidi controls, stripped of surrounding spaces."""
    return BIDI_CONTROLS.sub("", name or "").strip()
