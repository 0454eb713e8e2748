"""The thank-you page names the gift from the Checkout session (amount, once or monthly),
says what happens next, and is for that donor only; monthly amounts read "/month"; a test
setup says it is a test."""

import pytest

from masthead.fundraising.payments.base import MONTHLY, ONE_TIME

pytestmark = pytest.mark.django_db


def start(client, support_page, frequency, amount="2500"):
    response = client.post("/fundraising/donate/", {"frequency": frequency, "amount": amount, "other_amount": "", "donor_name": "",
                                                    "message": ""}, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 303, response.content.decode()[:500]
    return response["Location"].rsplit("/", 1)[-1]


def test_thank_you_page_names_a_one_time_gift_and_is_private(client, support_page, stripe_keys):
    session = start(client, support_page, ONE_TIME)
    stripe_keys.pay(session)  # the donor pays on the hosted page
    response = client.get(f"/fundraising/thanks/?session_id={session}")
    html = response.content.decode()
    assert "Your gift of <strong>25 $</strong> to The Test Dispatch has been received." in html
    assert "What happens next" in html and "Your receipt is on its way" in html
    assert "each month" not in html
    assert response["Cache-Control"] == "private, no-store"
    assert 'class="goal-bar"' in html


def test_thank_you_page_names_a_monthly_gift_and_how_to_manage_it(client, support_page, stripe_keys):
    session = start(client, support_page, MONTHLY, amount="1000")
    response = client.get(f"/fundraising/thanks/?session_id={session}")
    html = response.content.decode()
    assert "Your monthly gift of <strong>10 $/month</strong> to The Test Dispatch has started." in html
    assert "The receipt has a link to change the amount, update the card or cancel" in html


def test_unknown_or_foreign_session_shows_the_page_for_everyone(client, support_page, stripe_keys):
    for ref in ("cs_test_nope", "not-a-session", "x" * 400):
        response = client.get(f"/fundraising/thanks/?session_id={ref}")
        assert response.status_code == 200
        assert "Your gift of" not in response.content.decode()
        assert "private" not in response.get("Cache-Control", "")


def test_monthly_amounts_read_per_month_and_test_keys_are_labelled(client, support_page, stripe_keys):
    html = client.get(support_page.url).content.decode()
    assert '<small class="per-month">/month</small>' in html
    assert "<strong>Test mode</strong>: card gifts go to a test payment page" in html
