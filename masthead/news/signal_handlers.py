"""Thin reactions to Wagtail's page signals (connected in apps.py)."""

from masthead.news import chrome, purges, websub


def forget_chrome(**kwargs):
    chrome.forget()


def purge_page(instance, **kwargs):
    purges.purge_for_page(instance)


def purge_moved_page(instance, parent_page_before=None, **kwargs):
    purges.purge_for_page(instance, old_parent_path=parent_page_before.path if parent_page_before else None)


def purge_chrome(**kwargs):
    purges.purge_chrome()


def purge_author(instance, **kwargs):
    purges.purge_author(instance)


def announce_to_websub_hub(instance, **kwargs):
    websub.announce(instance)
