"""The starter model shipped in the package (starter.bin, ≤ 2 MB): weights learned from public
labelled comment and message spam by scripts/build_spam_starter.py (sources and licences in
STARTER.md), so the classifier scores from the first day. The site's own weights are learned
on top of it (logistic.py) and outweigh it as moderators decide.

Format: b"MST1", then zlib-compressed: bias (float64), n (uint32), n buckets (uint32), n
weights (float16). Loaded once per process and path.
"""

import zlib
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_PATH = str(Path(__file__).with_name("starter.bin"))
_MAGIC = b"MST1"


@dataclass(frozen=True)
class Starter:
    bias: float
    weights: dict


def dump(bias: float, weights: dict) -> bytes:
    import struct

    keys = sorted(weights)
    halves = b"".join(struct.pack("<e", weights[k]) for k in keys)
    body = array("d", [bias]).tobytes() + array("I", [len(keys)]).tobytes() + array("I", keys).tobytes() + halves
    return _MAGIC + zlib.compress(body, 9)


@lru_cache(maxsize=4)
def load(path: str) -> Starter | None:
    if not path:
        return None
    import struct

    blob = Path(path).read_bytes()
    if not blob.startswith(_MAGIC):
        raise ValueError(f"{path} is not a masthead starter model")
    raw = zlib.decompress(blob[len(_MAGIC):])
    bias = array("d", raw[:8])[0]
    n = array("I", raw[8:12])[0]
    keys = array("I", raw[12 : 12 + 4 * n])
    values = struct.unpack(f"<{n}e", raw[12 + 4 * n : 12 + 6 * n])
    return Starter(bias, dict(zip(keys, values)))
