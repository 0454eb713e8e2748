"""The default spam classifier: online logistic regression on the hashed features of
features.py (weights.py does the arithmetic), starting from a starter model shipped in the
package (starter.py) so that it scores from the first day, then learning from each
moderator's decision.

Its score is a calibrated probability (of comments scored 0.8, about 80 % are spam: the
log-loss it minimises asks for exactly that), so the policy's hold (0.7) and spam (0.95)
thresholds mean what they say. The moderator is shown the words and signals that moved the
score most: a word's character n-grams are added to the word they come from.

Storage: a snapshot of the site's weights in the SpamModelState row (compressed arrays) plus
one SpamModelUpdate row per learned batch holding only the weights it changed, so a decision
costs in proportion to its own features, never to the model. Every COMPACT_EVERY updates the
learning process folds them into a new snapshot. Each process keeps the model in memory and,
on each score, reads the row's random `version` (one small query); when it changed it
applies the updates it has not seen, or reloads the snapshot if that changed.

Options (MASTHEAD_SPAM_CLASSIFIER[alias]): "STARTER": path of a starter model, "" for none
(then the policy's `classifier_min_examples` decides when scores begin).
"""

import secrets
import zlib
from array import array

from django.db import transaction
from django.utils import timezone

from masthead.comments.classifier import starter as starter_model
from masthead.comments.classifier.base import HAM, SPAM, BaseClassifier, Score
from masthead.comments.classifier.features import features, readable
from masthead.comments.classifier.weights import EPOCHS, Weights

TOP_TOKENS = 6
COMPACT_EVERY = 1000  # a fold rewrites the whole snapshot: rare enough to cost little per decision
_MAGIC = b"LR1"


def encode_changes(changed: dict) -> bytes:
    keys = list(changed)
    return b"".join((array("i", [len(keys)]).tobytes(), array("i", keys).tobytes(),
                     array("d", [changed[k][0] for k in keys]).tobytes(), array("d", [changed[k][1] for k in keys]).tobytes()))


def decode_changes(blob: bytes) -> dict:
    blob = bytes(blob)
    n = array("i", blob[:4])[0]
    keys = array("i", blob[4 : 4 + 4 * n])
    weights = array("d", blob[4 + 4 * n : 4 + 12 * n])
    totals = array("d", blob[4 + 12 * n : 4 + 20 * n])
    return {k: (w, g) for k, w, g in zip(keys, weights, totals)}


def encode_weights(model: Weights) -> bytes:
    keys = sorted(model.w)
    parts = (array("d", [model.bias, model.bias_g]), array("I", [len(keys)]), array("I", keys),
             array("f", [model.w[k] for k in keys]), array("f", [model.g[k] for k in keys]))
    return _MAGIC + zlib.compress(b"".join(p.tobytes() for p in parts), 1)


def decode_weights(blob: bytes, model: Weights) -> Weights:
    blob = bytes(blob or b"")
    if not blob.startswith(_MAGIC):
        return model  # empty, or another backend's format: start from the starter alone
    raw = zlib.decompress(blob[len(_MAGIC):])
    model.bias, model.bias_g = array("d", raw[:16])
    n = array("I", raw[16:20])[0]
    keys = array("I", raw[20 : 20 + 4 * n])
    weights = array("f", raw[20 + 4 * n : 20 + 8 * n])
    totals = array("f", raw[20 + 8 * n : 20 + 12 * n])
    model.w, model.g = dict(zip(keys, weights)), dict(zip(keys, totals))
    return model


def explain(named: list[tuple[float, str]]) -> list[tuple[str, float]]:
    """The few words and signals that moved the score most: character n-grams count for
    the word they are part of (a moderator reads words, not "letters 'abl'")."""
    words = {name[2:]: 0.0 for _, name in named if name.startswith("w:")}
    owner = {}  # n-gram → the first word it comes from: as many steps as features() took
    for word in words:
        padded = f" {word} "
        for n in (3, 4, 5):
            for i in range(len(padded) - n + 1):
                owner.setdefault(padded[i : i + n], word)
    totals: dict[str, float] = {}
    for contribution, name in named:
        kind = name[:2]
        if kind == "w:":
            words[name[2:]] += contribution
        elif kind == "c:":
            word = owner.get(name[2:])
            if word is not None:
                words[word] += contribution
        else:
            label = readable(name)
            totals[label] = totals.get(label, 0.0) + contribution
    totals.update(words)
    ranked = sorted(totals.items(), key=lambda item: -abs(item[1]))
    return [(token, round(weight, 2)) for token, weight in ranked[:TOP_TOKENS]]


class LogisticClassifier(BaseClassifier):
    def __init__(self, alias="default", options=None):
        options = options or {}
        self.name = f"{alias}:logistic"
        self.starter = starter_model.load(options.get("STARTER", starter_model.DEFAULT_PATH))
        self._cache = None  # (version, snapshot, last update id, pending updates, Weights)

    # state -----------------------------------------------------------------------
    def _fresh(self) -> Weights:
        if self.starter is None:
            return Weights()
        return Weights(self.starter.weights, self.starter.bias)

    def _sync(self, version, snapshot) -> Weights:
        """The model as the database has it, reading only what changed since last time."""
        from masthead.comments.models import SpamModelState, SpamModelUpdate

        cache = self._cache
        if cache is not None and cache[0] == version:
            return cache[4]
        if cache is None or cache[1] != snapshot:
            data = SpamModelState.objects.filter(name=self.name).values_list("data", flat=True).first()
            cache = [version, snapshot, 0, 0, decode_weights(data, self._fresh())]
        model = cache[4]
        for pk, blob in SpamModelUpdate.objects.filter(name=self.name, pk__gt=cache[2]).order_by("pk").values_list("pk", "data"):
            model.apply(decode_changes(blob))
            cache[2], cache[3] = pk, cache[3] + 1
        cache[0] = version
        self._cache = cache
        return model

    def _locked_state(self):
        from masthead.comments.models import SpamModelState

        try:
            return SpamModelState.objects.select_for_update().get(name=self.name)
        except SpamModelState.DoesNotExist:
            SpamModelState.objects.get_or_create(name=self.name)
            return SpamModelState.objects.select_for_update().get(name=self.name)

    # scoring ---------------------------------------------------------------------
    def min_examples(self) -> int:
        from masthead.comments.policy import current_policy

        return current_policy().classifier_min_examples

    def _state_row(self):
        """(version, snapshot, ham, spam) of the stored model, or None: one small query, in
        plain SQL because it runs for every comment posted."""
        from django.db import connection

        from masthead.comments.models import SpamModelState

        table = connection.ops.quote_name(SpamModelState._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version, snapshot, ham_documents, spam_documents FROM {table} WHERE name = %s", [self.name])
            return cursor.fetchone()

    def score(self, document) -> Score | None:
        state = self._state_row()
        if self.starter is None:
            needed = max(1, self.min_examples())
            if state is None or state[2] < needed or state[3] < needed:
                return None
        model = self._sync(state[0], state[1]) if state else (self._cache[4] if self._cache and self._cache[0] is None else self._empty())
        found = features(document)
        log_odds, contributions = model.contributions(found)
        probability = 1 / (1 + pow(2.718281828459045, -max(-50.0, min(50.0, log_odds))))
        return Score(round(probability, 4), explain([(c, found[bucket]) for c, bucket in contributions]))

    def _empty(self) -> Weights:
        self._cache = [None, None, 0, 0, self._fresh()]
        return self._cache[4]

    # learning --------------------------------------------------------------------
    def learn(self, changes):
        from masthead.comments.models import SpamModelUpdate

        try:
            with transaction.atomic():
                row = self._locked_state()
                model = self._sync(row.version, row.snapshot)
                changed = {}
                for document, old, new in changes:
                    if old == new:
                        continue
                    buckets = list(features(document))
                    if old in (HAM, SPAM):
                        changed.update(model.step(buckets, old == SPAM, -1))
                        self._count(row, old, -1)
                    if new in (HAM, SPAM):
                        changed.update(model.step(buckets, new == SPAM, +1))
                        self._count(row, new, +1)
                if not changed:
                    return
                update = SpamModelUpdate.objects.create(name=self.name, data=encode_changes(changed))
                cache = self._cache
                cache[2], cache[3] = update.pk, cache[3] + 1
                fields = ["version", "ham_documents", "spam_documents", "updated_at"]
                if cache[3] >= COMPACT_EVERY:
                    self._snapshot(row, model)
                    fields += ["data", "snapshot"]
                row.version = secrets.randbits(62)  # random, not +1: a rolled-back row can never match
                row.updated_at = timezone.now()
                row.save(update_fields=fields)
                cache[0] = row.version
        except BaseException:
            self._cache = None  # the in-memory model may hold steps that were rolled back
            raise

    @staticmethod
    def _count(row, label, sign):
        if label == HAM:
            row.ham_documents = max(0, row.ham_documents + sign)
        else:
            row.spam_documents = max(0, row.spam_documents + sign)

    def _snapshot(self, row, model):
        """Fold the updates into the row's blob (the caller holds the row's lock)."""
        from masthead.comments.models import SpamModelUpdate

        row.data = encode_weights(model)
        row.snapshot = secrets.randbits(62)
        SpamModelUpdate.objects.filter(name=self.name).delete()
        self._cache = [row.version, row.snapshot, 0, 0, model]

    def rebuild(self, examples):
        import random

        model = self._fresh()
        labelled = [(list(features(document)), label == SPAM) for document, label in examples if label in (HAM, SPAM)]
        rng = random.Random(0)
        for _ in range(EPOCHS):
            rng.shuffle(labelled)
            for buckets, spam in labelled:
                model.step(buckets, spam)
        try:
            with transaction.atomic():
                row = self._locked_state()
                row.ham_documents = sum(1 for _, spam in labelled if not spam)
                row.spam_documents = len(labelled) - row.ham_documents
                self._snapshot(row, model)
                row.version = secrets.randbits(62)
                row.updated_at = timezone.now()
                row.save()
                self._cache[0] = row.version
        except BaseException:
            self._cache = None
            raise

    def stats(self):
        state = self._state_row()
        if state is None:
            return {"ham": 0, "spam": 0, "features": 0, "starter": len(self.starter.weights) if self.starter else 0}
        model = self._sync(state[0], state[1])
        return {"ham": state[2], "spam": state[3], "features": len(model.w), "starter": len(self.starter.weights) if self.starter else 0}
