"""The logistic model's arithmetic, in memory and in pure Python: weights per hashed feature,
learned online by AdaGrad with L2, added to an optional starter model's weights.

A document is its set of feature buckets, each of value 1/sqrt(n) (so a long comment does not
weigh more than a short one). The score is sigmoid(bias + Σ weight·x). Learning one labelled
document moves only the weights of its own features (and the bias): the L2 pull towards
zero is applied to those weights when they are touched ("lazy" regularisation), which keeps
one decision's cost proportional to its features, not to the model. The site's weights are
deltas on top of the starter's: their L2 pulls the model back towards the starter, and the
site's own decisions outweigh it as they accumulate.

Un-learning a decision takes the opposite step (an approximation of removing it, exact in the
limit of small steps); `rebuild` relearns from all decisions when exactness matters.
"""

import math

RATE = 0.5  # AdaGrad base step (bench/classifier.sh: 0.2 learned too slowly, 1.0 held more readers)
L2 = 1e-3  # per touched feature and step (1e-4 and 1e-2 both did worse on the benchmark)
EPOCHS = 3  # passes over the examples for a rebuild or the starter


def sigmoid(z: float) -> float:
    if z < -35:
        return 0.0
    if z > 35:
        return 1.0
    return 1 / (1 + math.exp(-z))


class Weights:
    def __init__(self, starter: dict | None = None, starter_bias: float = 0.0, rate: float = RATE, l2: float = L2):
        self.starter = starter or {}
        self.starter_bias = starter_bias
        self.w: dict[int, float] = {}
        self.g: dict[int, float] = {}  # AdaGrad: sum of squared gradients per bucket
        self.bias = 0.0
        self.bias_g = 0.0
        self.rate, self.l2 = rate, l2

    def contributions(self, buckets) -> tuple[float, list]:
        """(log-odds, [(contribution, bucket), …]) for the features the model knows."""
        if not buckets:
            return self.bias + self.starter_bias, []
        x = 1 / math.sqrt(len(buckets))
        w, s = self.w, self.starter
        found = []
        for bucket in buckets:
            weight = w.get(bucket, 0.0) + s.get(bucket, 0.0)
            if weight:
                found.append((weight * x, bucket))
        return self.bias + self.starter_bias + sum(c for c, _ in found), found

    def probability(self, buckets) -> float:
        return sigmoid(self.contributions(buckets)[0])

    def step(self, buckets, spam: bool, sign: int = 1) -> dict:
        """Learn (sign=1) or un-learn (sign=-1) one document; returns {bucket: (w, g)} of the
        weights it changed (bucket -1 is the bias)."""
        z, _ = self.contributions(buckets)
        error = ((1.0 if spam else 0.0) - sigmoid(z)) * sign  # gradient of the log-loss wrt z, negated
        changed = {}
        self.bias_g += error * error
        self.bias += self.rate * error / math.sqrt(self.bias_g + 1e-8)
        changed[-1] = (self.bias, self.bias_g)
        if not buckets:
            return changed
        x = 1 / math.sqrt(len(buckets))
        w, g, rate, l2 = self.w, self.g, self.rate, self.l2
        for bucket in buckets:
            current = w.get(bucket, 0.0)
            gradient = -error * x + l2 * current
            total = g.get(bucket, 0.0) + gradient * gradient
            new = current - rate * gradient / math.sqrt(total + 1e-8)
            w[bucket], g[bucket] = new, total
            changed[bucket] = (new, total)
        return changed

    def apply(self, changed: dict) -> None:
        """Set weights another process computed ({bucket: (w, g)}, bucket -1 = bias)."""
        for bucket, (weight, total) in changed.items():
            if bucket == -1:
                self.bias, self.bias_g = weight, total
            else:
                self.w[bucket], self.g[bucket] = weight, total
