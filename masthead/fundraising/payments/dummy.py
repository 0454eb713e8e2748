"""A payment backend for tests: takes no money, records every call in `calls`."""

from masthead.fundraising.payments.base import Donation, PaymentBackend


class DummyBackend(PaymentBackend):
    label = "Card (dummy)"
    calls: list[tuple] = []  # shared by instances: tests clear it

    def start_checkout(self, donation: Donation, *, success_url: str, cancel_url: str, description: str) -> str:
        self.calls.append(("start_checkout", donation, success_url, cancel_url, description))
        return f"https://checkout.invalid/pay/{len(self.calls)}"

    def manage_url(self, customer_ref: str, *, return_url: str) -> str:
        self.calls.append(("manage_url", customer_ref, return_url))
        return f"https://billing.invalid/{customer_ref}"
