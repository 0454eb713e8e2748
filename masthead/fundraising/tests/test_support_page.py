from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from masthead.fundraising.models import LedgerEntry
from masthead.fundraising.payments import Donation
from masthead.testing.builders import make_gift, make_goal, make_support_page

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
DONATE = "/fundraising/donate/"


def donate(client, headers=ORIGIN, **fields):
    data = {"amount": "2500", "other_amount": "", "frequency": "one_time", "donor_name": "", "message": ""}
    data.update(fields)
    return client.post(DONATE, data, **headers)


# Without Stripe keys ---------------------------------------------------------------------

def test_without_stripe_keys_the_card_option_is_hidden_and_the_other_ways_show(client, support_page):
    html = client.get(support_page.url).content.decode()
    assert "Give by card" not in html and 'action="/fundraising/donate/"' not in html
    assert "<h2>Ways to give</h2>" in html and "IBAN XX00 0000 (example)" in html


def test_without_stripe_keys_a_posted_gift_is_refused_with_a_message(client, support_page):
    response = donate(client)
    assert response.status_code == 400
    assert "Card gifts are not available at the moment." in response.content.decode()


# The form --------------------------------------------------------------------------------

def test_support_page_offers_presets_custom_amount_once_or_monthly(client, support_page, dummy_payments):
    html = client.get(support_page.url).content.decode()
    assert "<h2>Other ways to give</h2>" in html
    for amount, label in [("1000", "10 $"), ("2500", "25 $"), ("5000", "50 $"), ("10000", "100 $")]:
        assert f'value="{amount}"' in html and f"<span>{label}<small class=\"per-month\">/month</small></span>" in html
    assert 'value="2500" id="id_amount_1" checked' in html  # the second preset is chosen for the reader
    assert 'name="other_amount"' in html and "From 2 $ to 10,000 $." in html
    assert 'value="one_time"' in html and 'value="monthly"' in html
    assert "Show my name and message on the list of supporters" in html


def test_support_page_is_the_same_for_every_reader_with_no_token_or_cookie(client, support_page, dummy_payments):
    from django.test import Client

    first = client.get(support_page.url)
    second = Client().get(support_page.url, HTTP_USER_AGENT="another reader")
    assert first.content == second.content
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies


def test_choosing_a_preset_goes_to_checkout_for_that_amount(client, support_page, dummy_payments):
    response = donate(client, amount="5000", donor_name="Amal", message="Thank you.", public="on")
    assert response.status_code == 303
    assert response["Location"] == "https://checkout.invalid/pay/1"
    [(call, donation, success_url, cancel_url, description)] = dummy_payments
    assert donation == Donation(amount_minor=5000, currency="USD", frequency="one_time", donor_name="Amal", message="Thank you.", public=True)
    assert (success_url, cancel_url) == ("http://testserver/fundraising/thanks/", f"http://testserver{support_page.url}")
    assert description == "Gift to The Test Dispatch"
    assert LedgerEntry.objects.count() == 0  # only Stripe's signed event records a gift


def test_a_typed_amount_wins_over_a_preset_left_selected(client, support_page, dummy_payments):
    donate(client, amount="2500", other_amount="1,234.50", frequency="monthly")
    donation = dummy_payments[0][1]
    assert (donation.amount_minor, donation.frequency) == (123450, "monthly")
    assert dummy_payments[0][4] == "Monthly gift to The Test Dispatch"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"amount": "", "other_amount": ""}, "Please choose an amount or enter your own."),
        ({"other_amount": "1.50"}, "The smallest gift by card is 2 $."),
        ({"other_amount": "10000.01"}, "The largest gift by card is 10,000 $. For more, please use one of the other ways to give below."),
        ({"other_amount": "ten"}, "“ten” is not an amount. Write it like 1250 or 1250.50."),
        ({"other_amount": "5.555"}, "USD amounts have at most 2 decimal places."),
        ({"amount": "1"}, "Please choose one of the amounts shown, or enter your own."),
    ],
    ids=["nothing", "below-minimum", "above-maximum", "not-a-number", "fraction-of-a-cent", "forged-preset"],
)
def test_invalid_amount_is_refused_with_a_message_and_the_form_kept(client, support_page, dummy_payments, fields, message):
    response = donate(client, donor_name="Kept Name", message="Kept words.", **fields)
    html = response.content.decode()
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in html
    assert "Please check the form: nothing was charged." in html
    assert 'value="Kept Name"' in html and "Kept words." in html
    assert response["Cache-Control"] == "private, no-store"
    assert dummy_payments == []


def test_monthly_gift_is_refused_when_the_page_offers_none(client, site, dummy_payments):
    page = make_support_page(site["home"], allow_monthly=False)
    html = client.get(page.url).content.decode()
    assert 'value="monthly"' not in html
    response = donate(client, frequency="monthly")
    assert response.status_code == 400
    assert response.context["donation_form"].errors["frequency"] == ["Select a valid choice. monthly is not one of the available choices."]


def test_public_listing_needs_a_name(client, support_page, dummy_payments):
    response = donate(client, public="on")
    assert response.context["donation_form"].errors["donor_name"] == ["Please enter the name to show, or untick the box."]


def test_message_longer_than_500_characters_is_refused(client, support_page, dummy_payments):
    response = donate(client, message="x" * 501)
    assert response.context["donation_form"].errors["message"] == ["Please shorten your message to 500 characters (it has 501)."]


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"}, {}],
    ids=["foreign-origin", "fetch-metadata-cross-site", "no-origin-at-all"],
)
def test_gift_posted_from_another_site_is_refused_and_the_choices_kept(client, support_page, dummy_payments, headers):
    response = donate(client, headers=headers, other_amount="42", donor_name="Kept Name")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Your gift was not started: the form was sent from another site" in html
    assert 'value="42"' in html and 'value="Kept Name"' in html
    assert dummy_payments == []


def test_donate_answers_only_post(client, support_page, dummy_payments):
    assert client.get(DONATE).status_code == 405


# Editors' settings -----------------------------------------------------------------------

@pytest.mark.parametrize(
    "typed, locale, expected",
    [
        ("10, 25, 50", "en", [1000, 2500, 5000]),
        ("10,25,50", "en", [1000, 2500, 5000]),
        ("1,000,000, 2500; 5000", "en", [250000, 500000, 100000000]),
        ("2,50; 5\n10", "de", [250, 500, 1000]),
        ("2,50, 5, 12,75", "de", [250, 500, 1275]),
        ("1.000.000; 2,50", "de", [250, 100000000]),
    ],
)
def test_preset_amounts_are_read_in_the_site_locale(typed, locale, expected):
    """A comma can be a decimal mark or a thousands mark: "2,50" offered on a German site is
    two euros fifty, not two buttons of 2 and 50."""
    from masthead.fundraising.models.pages import parse_presets
    from masthead.fundraising.money import site_locale

    assert parse_presets(typed, "EUR", site_locale(locale)) == expected


def test_a_list_that_cannot_be_read_in_the_locale_is_refused_with_a_sentence():
    from masthead.fundraising.models.pages import parse_presets
    from masthead.fundraising.money import AmountError, site_locale

    with pytest.raises(AmountError, match="is not clear here"):
        parse_presets("10,25,50", "EUR", site_locale("de"))  # a decimal comma: no list
    with pytest.raises(AmountError, match="is not clear here"):
        parse_presets("1,000", "EUR", site_locale("en"))  # one thousand or 1 and 0? asked, not guessed


@pytest.mark.parametrize(
    "fields, errors",
    [
        ({"preset_amounts": "10, abc"}, {"preset_amounts": ["“abc” is not an amount. Write it like 1250 or 1250.50."]}),
        ({"preset_amounts": "1, 25"}, {"preset_amounts": ["Every preset amount must be between the smallest and the largest gift."]}),
        ({"preset_amounts": " , "}, {"preset_amounts": ["Enter at least one amount, e.g. 10, 25, 50."]}),
        ({"minimum_amount": 0}, {"minimum_amount": ["The smallest gift must be above zero."]}),
        ({"minimum_amount": 50, "maximum_amount": 20}, {"maximum_amount": ["The largest gift must be at least the smallest."]}),
        ({"maximum_amount": Decimal("100.005")}, {"maximum_amount": ["USD amounts have at most 2 decimal places."]}),
    ],
)
def test_support_page_settings_are_checked_when_the_editor_saves(site, fields, errors):
    from masthead.fundraising.models import SupportPage

    page = SupportPage(title="Support", slug="support", **fields)
    with pytest.raises(ValidationError) as raised:
        page.clean()
    assert raised.value.message_dict == errors


# Supporters and progress -----------------------------------------------------------------

def test_supporters_list_shows_only_opted_in_names_and_messages(client, support_page):
    make_gift(10000, donor_name="Named Donor", donor_email="named@example.org", message="Keep going <b>now</b>", show_publicly=True)
    make_gift(5000, donor_name="Private Donor", donor_email="private@example.org", message="Secret words")
    make_gift(2000, donor_name="", show_publicly=True, message="no name, not listed")
    html = client.get(support_page.url).content.decode()
    assert "Named Donor" in html and "Keep going &lt;b&gt;now&lt;/b&gt;" in html
    assert "Private Donor" not in html and "Secret words" not in html and "no name, not listed" not in html
    assert "@example.org" not in html
    assert "100 $" not in html.split('id="supporters-heading"')[1]  # no amounts in the list


def test_new_named_supporter_appears_on_the_next_request(client, support_page):
    client.get(support_page.url)
    make_gift(1000, donor_name="Latest Reader", show_publicly=True)
    assert "Latest Reader" in client.get(support_page.url).content.decode()


def test_support_page_states_progress_and_supporters(client, support_page):
    make_goal(500000)
    make_gift(34000, donor_email="a@example.org")
    html = client.get(support_page.url).content.decode()
    assert "<strong>340 $</strong> raised of our 5,000 $ goal (6%) from 1 supporter this month." in html


def test_thank_you_page_without_a_known_checkout_is_the_same_for_every_donor(client, site):
    make_support_page(site["home"], thank_you="<p>Merci, truly.</p>")
    first = client.get("/fundraising/thanks/?session_id=cs_test_1")
    second = client.get("/fundraising/thanks/?session_id=cs_test_2")
    assert first.status_code == 200 and first.content == second.content
    html = first.content.decode()
    assert "<h1>Thank you</h1>" in html and "Merci, truly." in html
    assert "Your receipt is on its way" in html
    assert not first.cookies


def test_thank_you_page_has_a_default_text(client, support_page):
    html = client.get("/fundraising/thanks/").content.decode()
    assert "Your gift keeps The Test Dispatch independent." in html
