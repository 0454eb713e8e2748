"""The web plumbing every app shares (masthead/core/): the reader's address behind proxies,
the site's name and absolute URLs, and the one loader of pluggable backends."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory

from masthead.core import backends
from masthead.core.client import client_address, parse_address
from masthead.core.site import absolute_url, site_name

factory = RequestFactory()


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


def test_without_trusted_proxies_the_socket_address_is_the_reader(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = []
    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_a_reader_cannot_choose_an_address_with_a_header(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1"]
    # Not from the proxy: the header is the reader's own words.
    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    # Through the proxy: the proxy appended the real address; what the reader wrote stays left.
    assert client_address(request_from("127.0.0.1", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"


def test_every_trusted_hop_is_skipped_from_the_right(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8", "2001:db8:cd::/48"]
    forwarded = "192.0.2.9, 198.51.100.20, 2001:db8:cd::5, 10.1.2.3"
    assert client_address(request_from("127.0.0.1", forwarded)) == "198.51.100.20"
    # All trusted: the leftmost is as far as the chain goes.
    assert client_address(request_from("127.0.0.1", "10.0.0.9")) == "10.0.0.9"
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"


def test_garbage_in_the_header_stops_the_walk(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(request_from("127.0.0.1", "198.51.100.1, not-an-ip")) == "127.0.0.1"
    assert client_address(request_from("not-an-ip")) is None


@pytest.mark.parametrize("written, address", [
    ("203.0.113.7", "203.0.113.7"),
    ("203.0.113.7:5123", "203.0.113.7"),
    ("[2001:db8::1]:443", "2001:db8::1"),
    ("2001:DB8::1", "2001:db8::1"),
    ("::ffff:203.0.113.7", "203.0.113.7"),
    (' "203.0.113.7" ', "203.0.113.7"),
    ("unknown", None),
    ("", None),
])
def test_addresses_are_read_as_proxies_write_them(written, address):
    parsed = parse_address(written)
    assert (str(parsed) if parsed else None) == address


def test_site_name_and_absolute_urls_come_from_one_place(site, settings):
    assert site_name() == "The Test Dispatch"
    assert site_name(factory.get("/", HTTP_HOST="localhost")) == "The Test Dispatch"
    settings.BASE_URL = "https://news.example.org/"
    assert absolute_url("/world/story/") == "https://news.example.org/world/story/"
    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"


def test_site_name_without_a_site(db):
    from wagtail.models import Site

    Site.objects.all().delete()
    assert site_name() == "masthead"


def test_a_misspelt_backend_is_named_at_startup_not_in_a_request(settings):
    settings.MASTHEAD_PAYMENTS = {"default": {"BACKEND": "masthead.fundraising.payments.strip.StripeBackend"}}
    with pytest.raises(ImproperlyConfigured, match=r"MASTHEAD_PAYMENTS names 'masthead.fundraising.payments.strip.StripeBackend', which cannot be imported"):
        backends.get_backend("MASTHEAD_PAYMENTS")
    with pytest.raises(SystemCheckError, match="masthead.E001"):
        call_command("check")


def test_a_misspelt_check_or_job_fails_the_system_check(settings):
    settings.MASTHEAD_COMMENT_CHECKS = [*settings.MASTHEAD_COMMENT_CHECKS, "masthead.comments.checks.no_such_check"]
    settings.MASTHEAD_PERIODIC_JOBS = [(60, "masthead.nowhere.job")]
    errors = backends.check_backends()
    assert [error.msg.split(",")[0] for error in errors] == [
        "MASTHEAD_COMMENT_CHECKS names 'masthead.comments.checks.no_such_check'",
        "MASTHEAD_PERIODIC_JOBS names 'masthead.nowhere.job'",
    ]


def test_backends_are_built_once_and_forgotten_when_the_setting_changes(settings):
    settings.MASTHEAD_SPAM_CLASSIFIER = {"default": {"BACKEND": "masthead.comments.classifier.dummy.DummyClassifier", "PROBABILITY": 0.5}}
    first = backends.get_backend("MASTHEAD_SPAM_CLASSIFIER")
    assert backends.get_backend("MASTHEAD_SPAM_CLASSIFIER") is first
    assert first.probability == 0.5
    settings.MASTHEAD_SPAM_CLASSIFIER = {"default": {"BACKEND": "masthead.comments.classifier.dummy.DummyClassifier", "PROBABILITY": 0.9}}
    assert backends.get_backend("MASTHEAD_SPAM_CLASSIFIER").probability == 0.9


@pytest.mark.django_db
def test_the_admin_shows_editors_no_gravatar(client):
    """An editor's avatar is theirs or Wagtail's default: no hash of their email goes to a third party."""
    from masthead.testing.builders import make_staff

    client.force_login(make_staff())
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
    assert "wagtailadmin/images/default-user-avatar" in html
