"""Fundraising data: goals and exchange rates (goals.py), the append-only donation ledger and
its receipts (ledger.py), what Stripe tells us (stripe.py: webhook events, monthly donors) and
the support page (pages.py). Everything is re-exported here, so callers import from
`masthead.fundraising.models`.
"""

from masthead.fundraising.models.goals import ExchangeRate, MonthlyGoal, first_of_month
from masthead.fundraising.models.ledger import AppendOnlyError, LedgerEntry, Receipt
from masthead.fundraising.models.pages import GivingWayBlock, SupportPage
from masthead.fundraising.models.stripe import MonthlyDonor, StripeEvent

__all__ = [
    "AppendOnlyError",
    "ExchangeRate",
    "GivingWayBlock",
    "LedgerEntry",
    "MonthlyDonor",
    "MonthlyGoal",
    "Receipt",
    "StripeEvent",
    "SupportPage",
    "first_of_month",
]
