import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from masthead.fundraising.actions import do_set_rate
from masthead.fundraising.models import ExchangeRate, LedgerEntry, MonthlyDonor, StripeEvent
from masthead.fundraising.progress import current_progress
from masthead.fundraising.tests import stripe_payloads as stripe
from masthead.testing.builders import make_gift, make_goal
from masthead.testing.builders import aware, make_staff

pytestmark = pytest.mark.django_db


def row_cells(html: str, month: str) -> list[str]:
    """The text of each figure in the report table's row for `month`."""
    row = html.split(f'<td class="month">{month}</td>')[1].split("</tr>")[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r'<td class="num[^"]*">(.*?)</td>', row, re.S)]


@pytest.fixture
def staff_client(client):
    user = make_staff("treasurer")
    client.force_login(user)
    client.user = user
    return client


def test_staff_records_an_offline_gift_with_a_receipt(staff_client, frozen, support_page):
    make_goal(500000)
    current_progress()
    response = staff_client.post("/admin/ledger/new/", {
        "kind": "donation", "amount": "1,250.50", "currency": "usd", "occurred_at": "2026-05-10 09:30",
        "method": "bank", "frequency": "one_time", "donor_name": "Bank Donor", "donor_email": "bank@example.org",
        "show_publicly": "on", "message": "By transfer.", "note": "statement line 14", "send_receipt": "on",
    })
    assert response.status_code == 302
    entry = LedgerEntry.objects.get()
    assert (entry.amount_minor, entry.currency, entry.method, entry.recorded_by) == (125050, "USD", "bank", staff_client.user)
    assert entry.source() == "Staff: treasurer"
    assert current_progress().raised_minor == 125050
    [receipt] = mail.outbox
    assert receipt.to == ["bank@example.org"] and "Amount:     1,250.50 $ (one-time)" in receipt.body
    assert "Paid by:    Bank transfer" in receipt.body


def test_staff_refund_is_recorded_as_money_going_out(staff_client, frozen):
    staff_client.post("/admin/ledger/new/", {"kind": "refund", "amount": "20", "currency": "USD", "occurred_at": "2026-05-10 09:30",
                                            "method": "bank", "frequency": "one_time"})
    assert LedgerEntry.objects.get().amount_minor == -2000


def test_receipt_needs_an_email(staff_client, frozen):
    response = staff_client.post("/admin/ledger/new/", {"kind": "donation", "amount": "20", "currency": "USD",
                                                       "occurred_at": "2026-05-10 09:30", "method": "cash",
                                                       "frequency": "one_time", "send_receipt": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["donor_email"] == ["Enter the donor's email to send a receipt."]
    assert LedgerEntry.objects.count() == 0


def test_ledger_entries_can_be_neither_edited_nor_deleted(staff_client, frozen):
    entry = make_gift(1000)
    # Wagtail refuses a missing permission by sending the user back to the dashboard.
    for response in (staff_client.get(f"/admin/ledger/edit/{entry.pk}/"), staff_client.post(f"/admin/ledger/delete/{entry.pk}/")):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert LedgerEntry.objects.get().amount_minor == 1000
    listing = staff_client.get("/admin/ledger/").content.decode()
    assert f"/admin/ledger/edit/{entry.pk}/" not in listing


def test_ledger_export_is_exact_and_neutralises_formulas(staff_client, frozen):
    make_gift(123456, donor_name="=HYPERLINK(\"http://evil\")", donor_email="d@example.org", note="+1 call me")
    make_gift(-2500, kind="refund")
    response = staff_client.get("/admin/ledger/?export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Disposition"] == 'attachment; filename="donations-ledger.csv"'
    amounts = {row["Amount (major units)"]: row["Amount (minor units)"] for row in rows}
    assert amounts == {"1234.56": "123456", "-25.00": "-2500"}
    gift = next(row for row in rows if row["Amount (minor units)"] == "123456")
    assert gift["Donor name"] == "'=HYPERLINK(\"http://evil\")" and gift["Note"] == "'+1 call me"
    assert gift["Source"] == "Imported"  # made by code (demo, importer): no user, no event


def test_exchange_rate_is_set_in_the_admin_and_moves_the_bar(staff_client, frozen):
    make_gift(10000, "EUR")
    assert current_progress().raised_minor == 0
    response = staff_client.post("/admin/exchange-rates/new/", {"month": "2026-05-01", "currency": "eur", "rate": "1,0825"})
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.rate, rate.set_by) == ("EUR", Decimal("1.0825"), staff_client.user)
    assert current_progress().raised_minor == 10825


@pytest.mark.parametrize("currency, rate, field, error", [
    ("USD", "1", "currency", "USD is the site currency: it needs no rate."),
    ("EUR", "abc", "rate", "“abc” is not a rate. Write it like 1.0825."),
    ("EUR", "0", "rate", "Enter a rate above zero and below 10,000,000,000."),
])
def test_exchange_rate_form_refuses_what_cannot_be_a_rate(staff_client, currency, rate, field, error):
    response = staff_client.post("/admin/exchange-rates/new/", {"month": "2026-05-01", "currency": currency, "rate": rate})
    assert response.context["form"].errors[field] == [error]


def test_report_shows_each_month_against_its_goal_with_a_chart(staff_client, frozen):
    make_goal(500000, month=date(2026, 4, 1))
    make_gift(300000, occurred_at=aware(2026, 4, 10, 12), donor_email="a@example.org")
    make_gift(1000, frequency="monthly", occurred_at=aware(2026, 4, 11, 12), donor_email="m@example.org")
    make_gift(-5000, kind="refund", occurred_at=aware(2026, 4, 12, 12))
    make_gift(34000, donor_email="b@example.org")
    html = staff_client.get("/admin/fundraising-report/").content.decode()
    assert "<title id=\"fr-chart-title\">Raised per month (bars) against the goal (dashed lines), up to 5,000 $</title>" in html
    assert "<title>April 2026: 2,960 $ of 5,000 $</title>" in html
    assert "<title>May 2026: 340 $ of 5,000 $</title>" in html
    assert html.count('<rect class="bar') == 12
    assert row_cells(html, "Apr 2026") == ["5,000 $", "2,960 $", "59%", "3,000 $", "10 $", "-50 $", "0 $", "0 $", "—", "2", "2", "0"]


def test_report_counts_active_monthly_donors_and_stripe_refunds(staff_client, stripe_keys, frozen):
    stripe.deliver(staff_client, stripe.monthly_started(subscription="sub_a", customer="cus_a", invoice="in_a"))
    stripe.deliver(staff_client, stripe.monthly_started(subscription="sub_b", customer="cus_b", invoice="in_b"))
    stripe.deliver(staff_client, stripe.subscription_ended(subscription="sub_b", customer="cus_b"))
    stripe.deliver(staff_client, stripe.one_time_paid("pi_1", 2500))
    stripe.deliver(staff_client, stripe.refunded("ch_1", "pi_1", 2500, refunded_so_far=500))
    assert MonthlyDonor.objects.filter(cancelled_at__isnull=True).count() == 1
    response = staff_client.get("/admin/fundraising-report/?months=12&format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:9] == ["Month", "Currency", "Goal", "Raised", "Percent of goal", "One-time gifts", "Monthly gifts", "Refunds", "Disputes"]
    # three gifts from two donors (both monthly gifts carry the fixture's email), one still giving monthly
    assert rows[-1] == ["2026-05", "USD", "0.00", "40.00", "0", "25.00", "20.00", "-5.00", "0.00", "0.00", "0.00", "", "3", "2", "1"]
    assert len(rows) == 13


def test_report_lists_other_currencies_with_and_without_a_rate(staff_client, frozen):
    make_gift(10000, "EUR")
    make_gift(5000, "GBP")
    do_set_rate(month=date(2026, 5, 1), currency="EUR", rate=Decimal("1.1"))
    html = staff_client.get("/admin/fundraising-report/").content.decode()
    cells = row_cells(html, "May 2026")
    assert cells[1] == "110 $" and cells[8] == "100 € → 110 $50 £ (no rate)"


def test_report_offers_the_embed_snippet(staff_client, frozen):
    html = staff_client.get("/admin/fundraising-report/").content.decode()
    assert "&lt;iframe src=&quot;http://testserver/fundraising/embed/&quot;" in html


def test_report_is_for_staff_who_may_see_the_ledger(client, frozen):
    from masthead.testing.builders import make_staff as staff

    editor = staff("editor", superuser=False)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get("/admin/fundraising-report/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's "no permission" redirect


def test_stripe_events_are_listed_with_their_status_and_cannot_be_added(staff_client, stripe_keys, frozen, monkeypatch):
    from masthead.fundraising import stripe_events

    monkeypatch.setitem(stripe_events.HANDLERS, "checkout.session.completed", lambda row, obj: 1 / 0)
    stripe.deliver(staff_client, stripe.one_time_paid("pi_1", 2500))
    row = StripeEvent.objects.get()
    listing = staff_client.get("/admin/stripe-events/").content.decode()
    assert row.event_id in listing and "The handler failed; retried automatically." in listing
    assert "/admin/stripe-events/new/" not in listing
    inspect = staff_client.get(f"/admin/stripe-events/inspect/{row.pk}/").content.decode()
    assert "ZeroDivisionError" in inspect


def test_ledger_xlsx_export_writes_amounts_as_numbers_with_the_currency_beside(staff_client, frozen):
    from openpyxl import load_workbook

    make_gift(123456)
    make_gift(-2500, kind="refund")
    response = staff_client.get("/admin/ledger/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings = [cell.value for cell in sheet[1]]
    rows = [dict(zip(headings, (cell for cell in row))) for row in sheet.iter_rows(min_row=2)]
    major = sorted(row["Amount (major units)"].value for row in rows)
    assert major == [-25, 1234.56]  # numbers: a spreadsheet's SUM adds them
    assert all(row["Amount (major units)"].data_type == "n" for row in rows)
    assert {row["Currency"].value for row in rows} == {"USD"}


def test_recording_an_entry_offers_no_edit_button_that_would_be_refused(staff_client, frozen):
    response = staff_client.post("/admin/ledger/new/", {
        "kind": "donation", "amount": "12", "currency": "usd", "occurred_at": "2026-05-10 09:30", "method": "bank",
        "frequency": "one_time", "donor_name": "", "donor_email": "", "message": "", "note": "",
    }, follow=True)
    entry = LedgerEntry.objects.get()
    html = response.content.decode()
    assert response.status_code == 200 and entry.amount_minor == 1200
    assert f"/admin/ledger/edit/{entry.pk}/" not in html
