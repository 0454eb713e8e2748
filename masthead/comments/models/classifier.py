"""The learned spam model's state, one row per classifier name: document counts per class and
the model as a compressed blob whose format the backend owns (comments/classifier/). `version`
is a new random number on every save, so each process refreshes its in-memory copy only when
a moderator's decision has changed the model; `snapshot` changes only when the blob itself is
rewritten (the logistic backend appends its changes as SpamModelUpdate rows in between)."""

from django.db import models
from django.utils import timezone


class SpamModelState(models.Model):
    name = models.CharField(max_length=50, unique=True, default="default")
    version = models.PositiveBigIntegerField(default=0)
    snapshot = models.PositiveBigIntegerField(default=0)
    ham_documents = models.PositiveIntegerField(default=0)
    spam_documents = models.PositiveIntegerField(default=0)
    data = models.BinaryField(default=b"")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"spam model {self.name} v{self.version}: {self.ham_documents} ham, {self.spam_documents} spam"


class SpamModelUpdate(models.Model):
    """The weights one learned decision (or batch) changed, appended by the logistic
    classifier so that learning never rewrites the whole model; folded into the state's
    snapshot every few hundred updates (comments/classifier/logistic.py owns the format)."""

    name = models.CharField(max_length=50, db_index=True)
    data = models.BinaryField()

    def __str__(self):
        return f"spam model {self.name} update {self.pk}"
