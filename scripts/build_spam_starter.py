#!/usr/bin/env python3
"""Build the spam classifier's starter model (masthead/comments/classifier/starter.bin) from
public labelled spam, as STARTER.md records:

    .venv/bin/python scripts/build_spam_starter.py [DATA_DIR]     # default var/spam-data

DATA_DIR must hold SMSSpamCollection (UCI SMS Spam Collection: "ham|spam<TAB>text" lines)
and Youtube02-KatyPerry.csv and Youtube03-LMFAO.csv (UCI YouTube Spam Collection). The
collection's other three files (Psy, Eminem, Shakira) are kept for an independent check:
this script refuses to read them. The raw data are not in the repository; the model is.

The starter is the logistic model (weights.py) trained for EPOCHS shuffled passes, its
weights scaled by SCALE (a prior the site's decisions should soon outweigh, not a verdict),
rounded to float16 and stripped of weights too small to move a score.
"""

import csv
import html
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SMS = "SMSSpamCollection"
YOUTUBE = ("Youtube02-KatyPerry.csv", "Youtube03-LMFAO.csv")
RESERVED = ("Youtube01-Psy.csv", "Youtube04-Eminem.csv", "Youtube05-Shakira.csv")
SCALE = 0.5
MIN_WEIGHT = 0.002
SEED = 0


def read_sms(path: Path):
    """[(Document, is_spam), …] from the SMS Spam Collection."""
    from masthead.comments.classifier.base import Document

    found = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        label, _, message = line.partition("\t")
        if label in ("ham", "spam") and message.strip():
            found.append((Document(message.strip()), label == "spam"))
    return found


def read_youtube(path: Path):
    """[(Document, is_spam), …] from one YouTube Spam Collection file (CLASS or label column)."""
    from masthead.comments.classifier.base import Document

    if path.name in RESERVED:
        raise SystemExit(f"{path.name} is reserved for an independent check: it must not be read here")
    found = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label = row.get("CLASS", row.get("label", "")).strip()
            body = html.unescape(row["CONTENT"]).replace("\ufeff", "").strip()
            if label in ("0", "1") and body:
                found.append((Document(body, row.get("AUTHOR", "")), label == "1"))
    return found


def train(examples, epochs=None):
    """A Weights trained on [(Document, is_spam), …] from scratch."""
    from masthead.comments.classifier.features import features
    from masthead.comments.classifier.weights import EPOCHS, Weights

    model = Weights()
    data = [(list(features(document)), spam) for document, spam in examples]
    rng = random.Random(SEED)
    for _ in range(epochs or EPOCHS):
        rng.shuffle(data)
        for buckets, spam in data:
            model.step(buckets, spam)
    return model


def starter_bytes(model, scale=SCALE) -> bytes:
    from masthead.comments.classifier.starter import dump

    weights = {bucket: weight * scale for bucket, weight in model.w.items() if abs(weight * scale) >= MIN_WEIGHT}
    return dump(model.bias * scale, weights)


def main():
    import django
    from django.conf import settings

    settings.configure()  # features() reads text with Django's urlize: no database needed
    django.setup()
    data = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "var" / "spam-data")
    examples = read_sms(data / SMS)
    for name in YOUTUBE:
        examples += read_youtube(data / name)
    model = train(examples)
    blob = starter_bytes(model)
    target = ROOT / "masthead" / "comments" / "classifier" / "starter.bin"
    target.write_bytes(blob)
    spam = sum(1 for _, is_spam in examples if is_spam)
    print(f"{len(examples)} examples ({spam} spam) → {len(model.w)} weights, {len(blob):,} bytes in {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
