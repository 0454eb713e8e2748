"""What a payment backend does, and the donation it is asked to take.

A backend starts a hosted checkout for a validated `Donation` and returns where to send the
reader; opens a donor's self-service page (manage or cancel a monthly gift); and verifies a
webhook delivery, returning the event as a plain dict. What gets recorded comes from the
verified event alone (stripe_events.py), never from the reader's browser.
"""

from dataclasses import dataclass

ONE_TIME = "one_time"
MONTHLY = "monthly"
# Marks our Checkout sessions, subscriptions and payments, so that other sales on the same
# Stripe account are never counted as gifts.
MARKER = {"masthead": "donation"}


class PaymentUnavailable(Exception):
    """The provider could not be reached or refused the request; nothing was charged."""


class InvalidWebhook(Exception):
    """A delivery that is not a verified event of this account: answered 400, nothing recorded."""


@dataclass(frozen=True)
class Donation:
    """A gift the reader asked for, validated on the server (forms.DonationForm)."""

    amount_minor: int  # in minor units of `currency`
    currency: str  # ISO 4217, upper case
    frequency: str = ONE_TIME  # ONE_TIME or MONTHLY
    donor_name: str = ""
    message: str = ""
    public: bool = False  # the donor asked to appear on the supporters list

    def metadata(self) -> dict[str, str]:
        """What travels with the payment and comes back in the signed event."""
        return {
            **MARKER,
            "frequency": self.frequency,
            "donor_name": self.donor_name[:200],
            "message": self.message[:500],
            "public": "yes" if self.public else "no",
        }


@dataclass(frozen=True)
class CheckoutGift:
    """What a finished Checkout says about the gift, for the thank-you page only (what is
    recorded comes from the signed webhook)."""

    amount_minor: int  # in minor units of `currency`
    currency: str  # ISO 4217, upper case
    frequency: str  # ONE_TIME or MONTHLY
    paid: bool


class PaymentBackend:
    label = "Card"
    test_mode = False  # True: no real money moves (Stripe test keys, the demo's fake)

    def __init__(self, alias: str, options: dict):
        self.alias = alias
        self.options = options

    @property
    def enabled(self) -> bool:
        return True

    def amount_refusal(self, amount_minor: int, currency: str) -> str:
        """Why this provider cannot charge exactly this amount ("" when it can): the form shows
        the sentence instead of sending the reader to a payment page that would fail."""
        return ""

    def start_checkout(self, donation: Donation, *, success_url: str, cancel_url: str, description: str) -> str:
        """Create a hosted payment page for `donation`; return its URL."""
        raise NotImplementedError

    def manage_url(self, customer_ref: str, *, return_url: str) -> str:
        """A short-lived page where the donor manages or cancels a monthly gift."""
        raise NotImplementedError

    def checkout_gift(self, session_ref: str) -> CheckoutGift | None:
        """The gift of a Checkout this site started, or None (unknown, not ours, unreachable)."""
        return None

    def verify_webhook(self, body: bytes, signature: str | None) -> dict:
        raise InvalidWebhook("This payment backend takes no webhooks.")


class DisabledBackend(PaymentBackend):
    """No card payments configured."""

    @property
    def enabled(self) -> bool:
        return False
