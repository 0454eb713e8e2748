"""Thin reactions to model signals (connected in apps.py): a saved or deleted setting,
term or blocklist entry makes every process re-read its snapshot (policy.py)."""

from masthead.comments import policy


def forget_settings(**kwargs):
    policy.forget(policy.SETTINGS_KEY)


def forget_terms(**kwargs):
    policy.forget(policy.TERMS_KEY)


def forget_blocklist(**kwargs):
    policy.forget(policy.BLOCKLIST_KEY)
