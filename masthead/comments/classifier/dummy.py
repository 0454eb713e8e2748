"""A classifier for tests: returns the score it was given and records what it was taught."""

from masthead.comments.classifier.base import BaseClassifier, Score


class DummyClassifier(BaseClassifier):
    def __init__(self, alias="default", options=None):
        self.probability = (options or {}).get("PROBABILITY")
        self.calls = []

    def score(self, document):
        self.calls.append(("score", document))
        if self.probability is None:
            return None
        return Score(self.probability, [("dummy", 1.0)])

    def learn(self, changes):
        self.calls.append(("learn", changes))

    def rebuild(self, examples):
        self.calls.append(("rebuild", list(examples)))
