"""Fixtures for the fundraising tests: a support page, payments configured with the dummy or
with Stripe against a local fake of its API, and frozen time."""

import pytest

from masthead.fundraising.payments.fake_stripe import FakeStripe
from masthead.fundraising.tests.stripe_payloads import SECRET

STRIPE_KEY = "sk_test_masthead"


@pytest.fixture
def support_page(site):
    from masthead.testing.builders import make_support_page

    return make_support_page(site["home"])


@pytest.fixture
def fake_stripe():
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture
def stripe_keys(settings, fake_stripe):
    """Card gifts through the real Stripe backend, its API answered by the local fake."""
    settings.MASTHEAD_PAYMENTS = {
        "default": {
            "BACKEND": "masthead.fundraising.payments.stripe.StripeBackend",
            "SECRET_KEY": STRIPE_KEY,
            "WEBHOOK_SECRET": SECRET,
            "API_BASE": fake_stripe.url,
            "MAX_NETWORK_RETRIES": 0,
        }
    }
    return fake_stripe


@pytest.fixture
def dummy_payments(settings):
    from masthead.fundraising.payments.dummy import DummyBackend

    settings.MASTHEAD_PAYMENTS = {"default": {"BACKEND": "masthead.fundraising.payments.dummy.DummyBackend"}}
    DummyBackend.calls.clear()
    yield DummyBackend.calls
    DummyBackend.calls.clear()


@pytest.fixture
def frozen():
    """Mid-month, so that "this month" never flips during a test."""
    from freezegun import freeze_time

    with freeze_time("2026-05-14 12:00:00", tick=True) as clock:
        yield clock
