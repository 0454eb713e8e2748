"""A reader gives in a real Chromium: picks an amount on the support page, is sent to
(the local fake of) Stripe Checkout; Stripe's signed webhook reaches the running server;
the reader reloads and the bar has moved by exactly that amount."""

import json
import urllib.request

import pytest
from django.conf import settings

from masthead.fundraising.tests import stripe_payloads as stripe
from masthead.testing.builders import make_gift, make_goal, make_support_page
from masthead.testing.builders import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def wagtail_tree(live_server):
    """A live-server test starts from a flushed database: put back the locale and tree root
    that Wagtail's migrations create (serialized rollback is not reliable under pytest-django
    when other tests create the database first)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, content_type=ContentType.objects.get_for_model(Page)))


@pytest.fixture
def reader(browser_page):
    """The browser page; when the test ends, no request of it (a late favicon) may still be
    running in the live server, which shares the in-memory test database with teardown."""
    yield browser_page
    browser_page.wait_for_load_state("networkidle")
    browser_page.goto("about:blank")


def bar_value(page) -> str:
    return page.locator(".goal-bar [role=progressbar]").get_attribute("aria-valuenow")


def post_webhook(url: str, event: dict) -> tuple[int, str]:
    body = json.dumps(event)
    request = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Stripe-Signature": stripe.sign(body)})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def test_reader_picks_an_amount_pays_and_sees_the_bar_move_by_it(live_server, reader, stripe_keys):
    home = make_site()
    make_support_page(home)
    make_goal(500000)
    make_gift(34000)
    page = reader

    page.goto(f"{live_server.url}/support/")
    assert bar_value(page) == "340"
    page.locator(".preset", has_text="50 $").click()
    page.get_by_label("Your name").fill("Browser Reader")
    page.get_by_role("button", name="Continue to secure payment").click()
    page.wait_for_url(f"{stripe_keys.url}/c/pay/*")
    assert page.locator("h1").inner_text() == "Fake Stripe Checkout"
    assert page.locator("#amount").inner_text() == "5000 usd"

    # Stripe charges what the session asked for and reports it, signed, to the webhook.
    [session] = stripe_keys.calls("/v1/checkout/sessions")
    metadata = {key[len("metadata["):-1]: value for key, value in session.items() if key.startswith("metadata[")}
    paid = stripe.one_time_paid("pi_browser", int(session["line_items[0][price_data][unit_amount]"]),
                                session["line_items[0][price_data][currency]"], **metadata)
    status, text = post_webhook(f"{live_server.url}{stripe.WEBHOOK_URL}", paid)
    assert (status, text) == (200, "Processed: One-time gift: recorded 50 $")

    page.goto(f"{live_server.url}/support/")
    assert bar_value(page) == "390"
    assert page.locator(".goal-raised").inner_text() == "390 $"
    assert page.locator(".goal-supporters").inner_text() == "2 supporters"


def test_reader_is_told_what_to_fix_without_losing_their_words(live_server, reader, stripe_keys):
    home = make_site()
    make_support_page(home)
    page = reader
    page.goto(f"{live_server.url}/support/")
    page.get_by_label("Other amount").fill("0.50")
    page.get_by_label("A message").fill("Words I typed.")
    page.get_by_role("button", name="Continue to secure payment").click()
    assert page.locator(".donate-form .error").inner_text() == "The smallest gift by card is 2 $."
    assert page.get_by_label("A message").input_value() == "Words I typed."
    assert stripe_keys.requests == []


def test_donor_pays_on_the_test_checkout_and_the_thank_you_page_names_the_monthly_gift(live_server, reader, stripe_keys):
    """The demo's path (`make demo` without keys): the fake's Pay button sends the signed
    event to the site and returns the donor to the thank-you page with the session id."""
    from masthead.fundraising.tests.stripe_payloads import SECRET

    stripe_keys.webhook_secret = SECRET
    home = make_site()
    make_support_page(home)
    make_goal(500000)
    make_gift(34000)
    page = reader
    page.goto(f"{live_server.url}/support/")
    assert "Test mode" in page.locator("#card-test-mode").inner_text()
    assert page.locator(".per-month").first.is_hidden()
    page.locator("label.choice", has_text="Monthly").click()
    assert page.locator(".preset", has_text="10 $").inner_text() == "10 $/month"
    page.locator(".preset", has_text="10 $").click()
    page.get_by_role("button", name="Continue to secure payment").click()
    page.wait_for_url(f"{stripe_keys.url}/c/pay/*")
    assert "TEST MODE" in page.locator("#test-mode").inner_text()
    page.get_by_role("button", name="Pay (test mode)").click()
    page.wait_for_url(f"{live_server.url}/fundraising/thanks/?session_id=cs_test_fake*")
    assert stripe_keys.deliveries == [(200, "Processed: First monthly payment: recorded 10 $")]
    assert page.locator(".thanks-gift").inner_text() == "Your monthly gift of 10 $/month to The Test Dispatch has started."
    assert "What happens next" in page.content()
    assert bar_value(page) == "350"  # the bar on the thank-you page already counts it
