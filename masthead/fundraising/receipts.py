"""The receipt emailed after a gift: amount, date, reference, the organisation's details
(from the support page) and, for a monthly gift, the signed link to manage or cancel it.
Sending it once is actions.do_send_receipt's job; this module only writes it."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from masthead.core.site import absolute_url, site_name
from masthead.fundraising import donor_links
from masthead.fundraising.models import LedgerEntry, SupportPage


def receipt_message(entry: LedgerEntry) -> EmailMessage:
    page = SupportPage.objects.live().order_by("path").first()
    name = site_name()
    monthly = entry.frequency == LedgerEntry.Frequency.MONTHLY
    context = {
        "entry": entry,
        "site_name": name,
        "amount": entry.amount_text(),
        "date": timezone.localtime(entry.occurred_at),
        "monthly": monthly,
        "organisation": page.receipt_details if page else "",
        "manage_url": donor_links.manage_url(entry.customer_ref) if monthly and entry.customer_ref else "",
        "support_url": absolute_url(page.url if page else "/"),
    }
    body = render_to_string("fundraising/email/receipt.txt", context)
    subject = f"Your receipt from {name}: {entry.amount_text()}"
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [entry.donor_email])
