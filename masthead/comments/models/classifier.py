"""The naive Bayes spam model's state, one row per classifier name: document counts per class
and the feature counts as a compressed blob (comments/classifier/naive_bayes.py owns the
format). `version` is a new random number on every save, so each process reloads its in-memory copy only when
a moderator's decision has changed the model."""

from django.db import models
from django.utils import timezone


class SpamModelState(models.Model):
    name = models.CharField(max_length=50, unique=True, default="default")
    version = models.PositiveBigIntegerField(default=0)
    ham_documents = models.PositiveIntegerField(default=0)
    spam_documents = models.PositiveIntegerField(default=0)
    data = models.BinaryField(default=b"")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"spam model {self.name} v{self.version}: {self.ham_documents} ham, {self.spam_documents} spam"
