"""Sign-in throttling (issue 9, item 7: 25 wrong passwords then the right one succeeded, and
parallel guessing slowed every page by hashing passwords on the same workers)."""

import pytest
from django.test import Client, override_settings

from masthead.testing.builders import make_staff

pytestmark = pytest.mark.django_db
LOCKED = ("Too many failed sign-ins for this account or from your network. Sign-in is locked for "
          "15 minutes from the first failure; please try again later, or ask another administrator "
          "to reset your password.")


def sign_in(client, username="moderator", password="wrong"):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(client):
    make_staff()
    for _ in range(5):
        assert "didn&#x27;t match" in sign_in(client).content.decode()
    response = sign_in(client, password="password")
    assert response.status_code == 200
    assert LOCKED in response.content.decode().replace("&#x27;", "'")
    assert "_auth_user_id" not in client.session
    # from another address too: the account is what is locked
    other = Client(REMOTE_ADDR="198.51.100.77")
    assert LOCKED in sign_in(other, password="password").content.decode()


def test_a_locked_attempt_does_not_hash_the_password(client, monkeypatch):
    make_staff()
    for _ in range(5):
        sign_in(client)
    calls = []
    import django.contrib.auth.forms as auth_forms

    monkeypatch.setattr(auth_forms, "authenticate", lambda *a, **k: calls.append(1))
    sign_in(client, password="password")
    assert calls == []


def test_one_address_trying_many_accounts_is_locked(client):
    make_staff()
    for n in range(20):
        sign_in(client, username=f"guess{n}")
    assert LOCKED in sign_in(client, password="password").content.decode()
    assert Client(REMOTE_ADDR="198.51.100.77").post("/admin/login/", {"username": "moderator", "password": "password"}).status_code == 302


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})  # frozen time moves its expiry; Redis's would not
def test_the_lock_ends_after_the_lockout_period(client):
    from freezegun import freeze_time

    make_staff()
    with freeze_time("2026-05-01 12:00:00") as frozen:
        for _ in range(5):
            sign_in(client)
        assert LOCKED in sign_in(client, password="password").content.decode()
        frozen.tick(16 * 60)
        assert sign_in(client, password="password").status_code == 302


def test_a_successful_sign_in_clears_the_account_count(client):
    make_staff()
    for _ in range(4):
        sign_in(client)
    assert sign_in(client, password="password").status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client)
    assert sign_in(client, password="password").status_code == 302
