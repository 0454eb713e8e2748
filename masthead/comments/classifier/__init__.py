"""The learned spam classifier behind the `spam_score` check, a pluggable backend:

    MASTHEAD_SPAM_CLASSIFIER = {"default": {"BACKEND": "masthead.comments.classifier.naive_bayes.NaiveBayesClassifier"}}

The built-in backend (naive_bayes.py) learns locally from moderators' decisions: a comment
a person approved is ham, one a person marked spam is spam (comments/tasks.py teaches it in
the background after each decision). dummy.py records its calls, for tests. Nothing about a
reader ever leaves the server.
"""

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from masthead.comments.classifier.base import Document, Score, label_for

DEFAULT = {"default": {"BACKEND": "masthead.comments.classifier.naive_bayes.NaiveBayesClassifier"}}

__all__ = ["Document", "Score", "get_classifier", "label_for"]


@lru_cache(maxsize=4)
def _build(backend: str, options: tuple):
    return import_string(backend)(**dict(options))


def get_classifier(alias: str = "default"):
    config = dict(getattr(settings, "MASTHEAD_SPAM_CLASSIFIER", DEFAULT)[alias])
    backend = config.pop("BACKEND")
    return _build(backend, tuple(sorted(config.get("OPTIONS", {}).items())))
