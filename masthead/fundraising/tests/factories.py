"""Builders for fundraising tests, made of the real actions and page publishing."""

from django.utils import timezone

from masthead.fundraising.actions import do_record_entry, do_set_goal
from masthead.fundraising.models import SupportPage


def make_support_page(home, **fields) -> SupportPage:
    fields.setdefault("title", "Support us")
    fields.setdefault("slug", "support")
    fields.setdefault("ways_to_give", [("way", {"title": "Bank transfer", "details": "IBAN XX00 0000 (example)"})])
    page = SupportPage(**fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_goal(amount_minor=500000, currency="USD", month=None):
    return do_set_goal(month=month or timezone.localdate(), amount_minor=amount_minor, currency=currency)


def make_gift(amount_minor=2500, currency="USD", **fields):
    return do_record_entry(amount_minor=amount_minor, currency=currency, **fields)
