"""Corrections in the ledger: a mistake is reversed by an entry that names it (and the right
figures re-entered), made from "Correct this entry" in the admin, shown as a correction (not a
refund) in the list, the report and the exports, summed by the bar, and never made twice."""

import csv
import io
from datetime import date

import pytest

from masthead.fundraising.actions import CorrectionRefused, check_correct_entry
from masthead.fundraising.models import LedgerEntry
from masthead.fundraising.progress import current_progress
from masthead.fundraising.supporters import public_supporters
from masthead.fundraising.tests import stripe_payloads as stripe
from masthead.fundraising.tests.test_admin import row_cells
from masthead.testing.builders import aware, make_gift, make_goal, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.user = make_staff("treasurer")
    client.force_login(client.user)
    return client


def correct(client, entry, **fields):
    return client.post(f"/admin/ledger/correct/{entry.pk}/", {"currency": entry.currency, "occurred_at": "2026-04-10 12:00",
                                                              **fields})


def test_staff_corrects_a_typo_from_the_entry_and_the_bar_counts_the_right_amount(staff_client, frozen):
    make_goal(500000)
    typo = make_gift(100000, donor_name="Bank Donor", donor_email="bank@example.org", method="bank", show_publicly=True,
                     message="For the Kyiv desk.")
    assert current_progress().raised_minor == 100000
    listing = staff_client.get("/admin/ledger/").content.decode()
    assert f'href="/admin/ledger/correct/{typo.pk}/"' in listing and "Correct this entry" in listing
    inspect = staff_client.get(f"/admin/ledger/inspect/{typo.pk}/").content.decode()
    assert f'href="/admin/ledger/correct/{typo.pk}/"' in inspect

    response = correct(staff_client, typo, reason="typed 1000 for 100", amount="100", occurred_at="2026-05-10 12:00")
    assert (response.status_code, response["Location"]) == (302, "/admin/ledger/")
    reversal, again = LedgerEntry.objects.exclude(pk=typo.pk).order_by("pk")
    assert (reversal.kind, reversal.amount_minor, reversal.corrects, reversal.note) == ("correction", -100000, typo, "typed 1000 for 100")
    assert (reversal.occurred_at, reversal.recorded_by) == (typo.occurred_at, staff_client.user)
    assert (again.kind, again.amount_minor, again.replaces, again.donor_email, again.method) == ("donation", 10000, typo, "bank@example.org", "bank")
    assert current_progress().raised_minor == 10000
    assert current_progress().supporters == 1
    assert public_supporters() == [{"name": "Bank Donor", "message": "For the Kyiv desk.", "month": "May 2026"}]

    listing = staff_client.get("/admin/ledger/").content.decode()
    assert f"Corrects {typo.reference}: typed 1000 for 100" in listing
    assert f"Corrected by {reversal.reference}" in listing and f"Re-entered for {typo.reference}" in listing
    assert f'href="/admin/ledger/correct/{typo.pk}/"' not in listing  # corrected once, for good
    assert f'href="/admin/ledger/correct/{reversal.pk}/"' not in listing
    assert f'href="/admin/ledger/correct/{again.pk}/"' in listing  # the re-entered gift may be wrong too


def test_cancelled_gift_no_longer_counts_its_donor_as_a_supporter(staff_client, frozen):
    make_gift(2500, donor_email="a@example.org")
    twice = make_gift(5000, donor_name="Twice", donor_email="b@example.org", show_publicly=True)
    assert current_progress().supporters == 2
    response = correct(staff_client, twice, reason="entered twice", amount="")
    assert response.status_code == 302
    assert not LedgerEntry.objects.filter(replaces=twice).exists()
    progress = current_progress()
    assert (progress.raised_minor, progress.supporters) == (2500, 1)
    assert public_supporters() == []


def test_report_shows_corrections_in_their_own_column_not_as_refunds(staff_client, frozen):
    make_goal(500000, month=date(2026, 4, 1))
    typo = make_gift(300000, occurred_at=aware(2026, 4, 10, 12), donor_email="a@example.org")
    make_gift(1000, frequency="monthly", occurred_at=aware(2026, 4, 11, 12), donor_email="m@example.org")
    make_gift(-500, kind="refund", occurred_at=aware(2026, 4, 12, 12))
    duplicate = make_gift(7000, occurred_at=aware(2026, 4, 13, 12), donor_email="d@example.org")
    check_correct_entry(typo.pk, reason="typo", recorded_by=None, amount_minor=30000)
    check_correct_entry(duplicate.pk, reason="entered twice", recorded_by=None)

    html = staff_client.get("/admin/fundraising-report/").content.decode()
    # goal, raised, %, one-time (3,000 + 300 + 70), monthly, refunds, disputes, corrections, others, gifts, supporters, monthly donors
    assert row_cells(html, "Apr 2026") == ["5,000 $", "305 $", "6%", "3,370 $", "10 $", "-5 $", "0 $", "-3,070 $", "—", "2", "2", "0"]
    response = staff_client.get("/admin/fundraising-report/?months=12&format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][9] == "Corrections"
    april = next(row for row in rows if row[0] == "2026-04")
    assert april[3:12] == ["305.00", "6", "3370.00", "10.00", "-5.00", "0.00", "-3070.00", "0.00", ""]


def test_ledger_export_names_the_correction_and_the_entry_it_corrects(staff_client, frozen):
    typo = make_gift(123456)
    reversal, _ = check_correct_entry(typo.pk, reason="wrong amount", recorded_by=staff_client.user)
    response = staff_client.get("/admin/ledger/?export=csv")
    rows = {row["Reference"]: row for row in csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))}
    assert (rows[reversal.reference]["Kind"], rows[reversal.reference]["Amount (major units)"]) == ("correction", "-1234.56")
    assert rows[reversal.reference]["Correction"] == f"Corrects {typo.reference}: wrong amount"
    assert rows[typo.reference]["Correction"] == f"Corrected by {reversal.reference}"


def test_an_entry_is_corrected_once_and_a_correction_not_at_all(staff_client, frozen):
    entry = make_gift(2500)
    reversal, _ = check_correct_entry(entry.pk, reason="typo", recorded_by=None)
    with pytest.raises(CorrectionRefused, match=f"^Entry {entry.reference} has already been corrected.$"):
        check_correct_entry(entry.pk, reason="again", recorded_by=None)
    response = correct(staff_client, entry, reason="again", amount="10")
    assert f"Entry {entry.reference} has already been corrected." in response.content.decode()
    with pytest.raises(CorrectionRefused, match="is itself a correction: it cannot be corrected.$"):
        check_correct_entry(reversal.pk, reason="undo", recorded_by=None)
    assert LedgerEntry.objects.count() == 2
    assert current_progress().raised_minor == 0


def test_a_correction_needs_a_reason(staff_client, frozen):
    entry = make_gift(2500)
    response = correct(staff_client, entry, reason="  ", amount="20")
    assert response.context["form"].errors["reason"] == ["This field is required."]
    with pytest.raises(CorrectionRefused, match="^Say why the entry is corrected.$"):
        check_correct_entry(entry.pk, reason=" ", recorded_by=None)
    assert LedgerEntry.objects.count() == 1


def test_stripe_gifts_are_refunded_at_stripe_not_corrected_by_staff(staff_client, stripe_keys, frozen):
    stripe.deliver(staff_client, stripe.one_time_paid("pi_1", 2500))
    gift = LedgerEntry.objects.get()
    assert f"/admin/ledger/correct/{gift.pk}/" not in staff_client.get("/admin/ledger/").content.decode()
    html = correct(staff_client, gift, reason="typo", amount="10").content.decode()
    assert f"Entry {gift.reference} came from Stripe: refund it in Stripe&#x27;s dashboard" in html
    assert LedgerEntry.objects.count() == 1


def test_new_entry_form_offers_no_correction_without_an_entry_to_correct(staff_client, frozen):
    html = staff_client.get("/admin/ledger/new/").content.decode()
    assert 'value="refund"' in html and 'value="correction"' not in html
