"""A multinomial naive Bayes spam classifier over the hashed features of features.py (presence,
not counts), in pure Python: the earlier default, kept as the baseline the benchmark
compares the logistic model with (bench/classifier.sh).

Scoring adds each known feature's log-likelihood ratio to the prior log-odds, Laplace
smoothed. Naive Bayes treats hundreds of overlapping n-grams as independent and so answers
0 or 1; the evidence is scaled to at most EVIDENCE_CAP features' worth, which keeps scores
spread out so the hold and spam thresholds mean something.

The state is one SpamModelState row (counts compressed with zlib). Each process keeps the
decoded model and reloads it when the row's random `version` changed: one small query per score.
Learning locks the row, so decisions arriving together are all counted.
"""

import math
import secrets
import zlib
from array import array
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from masthead.comments.classifier.base import HAM, SPAM, BaseClassifier, Score
from masthead.comments.classifier.features import features, readable

ALPHA = 1.0
EVIDENCE_CAP = 30
TOP_TOKENS = 6


@dataclass
class Counts:
    ham_documents: int = 0
    spam_documents: int = 0
    ham: dict = field(default_factory=dict)  # bucket -> number of ham documents with it
    spam: dict = field(default_factory=dict)
    ham_total: int = 0
    spam_total: int = 0

    def add(self, buckets, label, sign):
        table = self.ham if label == HAM else self.spam
        for bucket in buckets:
            value = table.get(bucket, 0) + sign
            if value > 0:
                table[bucket] = value
            else:
                table.pop(bucket, None)
        if label == HAM:
            self.ham_documents = max(0, self.ham_documents + sign)
            self.ham_total = max(0, self.ham_total + sign * len(buckets))
        else:
            self.spam_documents = max(0, self.spam_documents + sign)
            self.spam_total = max(0, self.spam_total + sign * len(buckets))

    def encode(self) -> bytes:
        keys = sorted(set(self.ham) | set(self.spam))
        parts = [array("I", [len(keys), self.ham_total, self.spam_total]), array("I", keys),
                 array("I", [self.ham.get(k, 0) for k in keys]), array("I", [self.spam.get(k, 0) for k in keys])]
        return zlib.compress(b"".join(p.tobytes() for p in parts), 6)

    @classmethod
    def decode(cls, blob: bytes, ham_documents: int, spam_documents: int) -> "Counts":
        counts = cls(ham_documents, spam_documents)
        if not blob:
            return counts
        values = array("I")
        values.frombytes(zlib.decompress(bytes(blob)))
        n, counts.ham_total, counts.spam_total = values[0], values[1], values[2]
        keys, ham, spam = values[3 : 3 + n], values[3 + n : 3 + 2 * n], values[3 + 2 * n : 3 + 3 * n]
        counts.ham = {k: c for k, c in zip(keys, ham) if c}
        counts.spam = {k: c for k, c in zip(keys, spam) if c}
        return counts


class NaiveBayesClassifier(BaseClassifier):
    def __init__(self, alias="default", options=None):
        self.name = alias
        self._loaded = (None, None)  # (version, Counts)

    # state -----------------------------------------------------------------------
    def _state(self):
        from masthead.comments.models import SpamModelState

        return SpamModelState.objects.get_or_create(name=self.name)[0]

    def _counts(self) -> Counts | None:
        from masthead.comments.models import SpamModelState

        version = SpamModelState.objects.filter(name=self.name).values_list("version", flat=True).first()
        if version is None:
            return None
        if self._loaded[0] != version:
            row = SpamModelState.objects.get(name=self.name)
            self._loaded = (row.version, Counts.decode(row.data, row.ham_documents, row.spam_documents))
        return self._loaded[1]

    def _save(self, row, counts: Counts):
        row.data = counts.encode()
        row.ham_documents, row.spam_documents = counts.ham_documents, counts.spam_documents
        row.version = secrets.randbits(62)  # random, not +1: a rolled-back row can never match
        row.updated_at = timezone.now()
        row.save()

    # scoring ---------------------------------------------------------------------
    def min_examples(self) -> int:
        from masthead.comments.policy import current_policy

        return current_policy().classifier_min_examples

    def score(self, document) -> Score | None:
        counts = self._counts()
        needed = max(1, self.min_examples())
        if counts is None or counts.ham_documents < needed or counts.spam_documents < needed:
            return None
        known = len(set(counts.ham) | set(counts.spam)) or 1
        ham_denominator = counts.ham_total + ALPHA * known
        spam_denominator = counts.spam_total + ALPHA * known
        contributions = []
        for bucket, name in features(document).items():
            ham, spam = counts.ham.get(bucket, 0), counts.spam.get(bucket, 0)
            if not ham and not spam:
                continue  # never seen: says nothing, and would favour the smaller class
            llr = math.log((spam + ALPHA) / spam_denominator) - math.log((ham + ALPHA) / ham_denominator)
            contributions.append((llr, name))
        prior = math.log(counts.spam_documents / counts.ham_documents)
        evidence = sum(llr for llr, _ in contributions)
        if len(contributions) > EVIDENCE_CAP:
            evidence *= EVIDENCE_CAP / len(contributions)
        log_odds = max(-50.0, min(50.0, prior + evidence))
        probability = 1 / (1 + math.exp(-log_odds))
        contributions.sort(key=lambda item: -abs(item[0]))
        tokens = [(readable(name), round(llr, 2)) for llr, name in contributions[:TOP_TOKENS]]
        return Score(round(probability, 4), tokens)

    # learning --------------------------------------------------------------------
    def learn(self, changes):
        from masthead.comments.models import SpamModelState

        with transaction.atomic():
            SpamModelState.objects.get_or_create(name=self.name)
            row = SpamModelState.objects.select_for_update().get(name=self.name)
            counts = Counts.decode(row.data, row.ham_documents, row.spam_documents)
            for document, old, new in changes:
                if old == new:
                    continue
                buckets = list(features(document))
                if old:
                    counts.add(buckets, old, -1)
                if new:
                    counts.add(buckets, new, +1)
            self._save(row, counts)

    def rebuild(self, examples):
        from masthead.comments.models import SpamModelState

        counts = Counts()
        for document, label in examples:
            if label in (HAM, SPAM):
                counts.add(list(features(document)), label, +1)
        with transaction.atomic():
            SpamModelState.objects.get_or_create(name=self.name)
            self._save(SpamModelState.objects.select_for_update().get(name=self.name), counts)

    def stats(self):
        counts = self._counts() or Counts()
        return {"ham": counts.ham_documents, "spam": counts.spam_documents, "features": len(set(counts.ham) | set(counts.spam))}
