"""Thin reactions to Wagtail's page signals (connected in apps.py)."""

from masthead.fundraising import support


def forget_support_url(**kwargs):
    support.forget()
