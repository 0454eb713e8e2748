"""Sign-in throttling for the editor (/admin/login/, and Wagtail's login for protected pages).

Failed sign-ins are counted in the cache (shared by every worker; Redis at scale) per
account and per address (the reader's network block, core/client.py: one IPv6 subscriber
is one address). Past MASTHEAD_LOGIN_FAILURES_PER_ACCOUNT failures for an account, or
MASTHEAD_LOGIN_FAILURES_PER_ADDRESS from an address, within MASTHEAD_LOGIN_LOCKOUT_MINUTES,
sign-in is refused for the rest of that period with a message that says so and until when,
*before* the password is hashed: a locked attempt costs the workers nothing, so parallel
guessing cannot slow the public pages. A successful sign-in clears its account's count.
Per account alone would let one address try every account; per address alone would let a
botnet try one account: both are counted.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from wagtail.admin.forms.auth import LoginForm

from masthead.core.client import client_address, network_block

LOCKED_MESSAGE = (
    "Too many failed sign-ins for this account or from your network. Sign-in is locked for "
    "{minutes} minutes from the first failure; please try again later, or ask another "
    "administrator to reset your password."
)


def _limits() -> tuple[int, int, int]:
    return (
        getattr(settings, "MASTHEAD_LOGIN_FAILURES_PER_ACCOUNT", 5),
        getattr(settings, "MASTHEAD_LOGIN_FAILURES_PER_ADDRESS", 20),
        getattr(settings, "MASTHEAD_LOGIN_LOCKOUT_MINUTES", 15) * 60,
    )


def _keys(request, username: str) -> tuple[str, str]:
    account = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    address = network_block(client_address(request) if request is not None else None) or "unknown"
    return f"masthead:login-fail:account:{account}", f"masthead:login-fail:address:{address}"


def is_locked(request, username: str) -> bool:
    per_account, per_address, _ = _limits()
    account_key, address_key = _keys(request, username)
    counts = cache.get_many([account_key, address_key])
    return counts.get(account_key, 0) >= per_account or counts.get(address_key, 0) >= per_address


def record_failure(request, username: str) -> None:
    lockout = _limits()[2]
    for key in _keys(request, username):
        cache.add(key, 0, lockout)  # the window starts at the first failure
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, lockout)


def record_success(request, username: str) -> None:
    cache.delete(_keys(request, username)[0])


class ThrottledLoginForm(LoginForm):
    """Wagtail's login form (WAGTAILADMIN_USER_LOGIN_FORM), refusing before authentication
    while the account or address is locked."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and self.cleaned_data.get("password"):
            if is_locked(self.request, username):
                raise ValidationError(LOCKED_MESSAGE.format(minutes=_limits()[2] // 60), code="locked")
            try:
                cleaned = super().clean()
            except ValidationError:
                record_failure(self.request, username)
                raise
            record_success(self.request, username)
            return cleaned
        return super().clean()
