"""Thin reactions to Wagtail's page signals (connected in apps.py)."""

from masthead.news import chrome


def forget_chrome(**kwargs):
    chrome.forget()
