"""The learned spam classifier behind the `spam_score` check, a pluggable backend:

    MASTHEAD_SPAM_CLASSIFIER = {"default": {"BACKEND": "masthead.comments.classifier.logistic.LogisticClassifier"}}

The built-in backend (logistic.py: online logistic regression, calibrated scores, a starter
model shipped in the package) learns locally from moderators' decisions: a comment a person
approved is ham, one a person marked spam is spam (comments/tasks.py teaches it in the
background after each decision). naive_bayes.py is the earlier backend, kept as the
benchmark's baseline; dummy.py records its calls, for tests. features.py is what both learned
backends see of a comment. Nothing about a reader ever leaves the server.
"""

from masthead.comments.classifier.base import Document, Score, label_for
from masthead.core.backends import get_backend

DEFAULT_BACKEND = "masthead.comments.classifier.logistic.LogisticClassifier"

__all__ = ["Document", "Score", "get_classifier", "label_for"]


def get_classifier(alias: str = "default"):
    return get_backend("MASTHEAD_SPAM_CLASSIFIER", alias, fallback=DEFAULT_BACKEND)
