from datetime import date

import pytest
from django.utils import timezone

from masthead.fundraising.models import LedgerEntry, MonthlyGoal
from masthead.fundraising.progress import current_progress
from masthead.testing import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, site):
    staff = make_staff("treasurer")
    client.force_login(staff)
    return client, staff


def test_staff_records_an_offline_donation_and_the_bar_counts_it(staff_client):
    client, staff = staff_client
    client.post("/admin/fundraising/goals/new/", {"month": timezone.localdate().isoformat(), "amount": "5,000", "currency": "usd"})
    response = client.post(
        "/admin/fundraising/ledger/new/",
        {"kind": "donation", "amount": "125.50", "currency": "USD", "occurred_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
         "method": "bank", "donor_name": "A. Reader", "donor_email": "", "note": "transfer ref 42"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = LedgerEntry.objects.get()
    assert (entry.amount_minor, entry.currency, entry.method, entry.recorded_by) == (12550, "USD", "bank", staff)
    assert MonthlyGoal.objects.get().amount_minor == 500000
    assert current_progress().raised_minor == 12550
    assert 'aria-valuenow="125.5"' in client.get("/").content.decode()


def test_refund_entered_as_a_positive_amount_is_recorded_as_money_out(staff_client):
    client, _ = staff_client
    client.post(
        "/admin/fundraising/ledger/new/",
        {"kind": "refund", "amount": "20", "currency": "USD", "occurred_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"), "method": "card"},
    )
    assert LedgerEntry.objects.get().amount_minor == -2000


def test_bad_amount_is_refused_with_the_form_kept(staff_client):
    client, _ = staff_client
    response = client.post(
        "/admin/fundraising/ledger/new/",
        {"kind": "donation", "amount": "12.345", "currency": "USD", "occurred_at": "2021-06-01 10:00", "method": "cash", "donor_name": "Kept Name"},
    )
    html = response.content.decode()
    assert "USD amounts have at most 2 decimal places." in html
    assert "Kept Name" in html
    assert not LedgerEntry.objects.exists()


def test_ledger_entries_offer_no_edit_or_delete_in_the_admin(staff_client):
    from masthead.fundraising.actions import do_record_entry

    client, _ = staff_client
    entry = do_record_entry(amount_minor=100, currency="USD")
    assert client.get(f"/admin/fundraising/ledger/edit/{entry.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/fundraising/ledger/delete/{entry.pk}/").status_code in (302, 403)
    assert LedgerEntry.objects.count() == 1
    assert client.get(f"/admin/fundraising/ledger/inspect/{entry.pk}/").status_code == 200


def test_goal_edited_in_the_admin_is_stored_on_the_first_of_the_month(staff_client):
    client, _ = staff_client
    client.post("/admin/fundraising/goals/new/", {"month": "2021-06-17", "amount": "2500", "currency": "USD"})
    goal = MonthlyGoal.objects.get()
    assert (goal.month, goal.amount_minor) == (date(2021, 6, 1), 250000)
    response = client.post(f"/admin/fundraising/goals/edit/{goal.pk}/", {"month": "2021-06-01", "amount": "3000", "currency": "USD"})
    assert response.status_code == 302
    assert MonthlyGoal.objects.get().amount_minor == 300000
