"""Thin reactions to model signals (connected in apps.py)."""

from django.db import transaction

from masthead.core import site


def forget_sites(**kwargs):
    # At once, for this transaction's own reads, and again once committed: another process
    # may have read the old rows meanwhile and kept them under the first new version.
    site.forget_sites()
    transaction.on_commit(site.forget_sites, robust=True)
