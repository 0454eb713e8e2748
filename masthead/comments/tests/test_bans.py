"""A ban asks what to block: the email, the IP address or both, says who else used that
address, and an IP ban expires (IP_BAN_DAYS) while an email ban lasts unless a period is
chosen. Expired bans stop blocking. Driven through the admin as a moderator uses it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from masthead.comments.actions import do_submit_comment
from masthead.comments.models import BlockedSender, Comment, ModerationEvent
from masthead.comments.moderation import ModerationContext
from masthead.comments.tests.test_admin_queue import mod_client, moderator  # noqa: F401 (fixtures)
from masthead.testing.builders import make_comment

pytestmark = pytest.mark.django_db
SHARED_IP = "203.0.113.66"


def post(article, body, email, ip=SHARED_IP, name="Troll"):
    return do_submit_comment(article=article, parent=None, author_name=name, author_email=email, author_url="", body=body,
                             context=ModerationContext(ip_address=ip))


@pytest.fixture
def troll(site):
    """A held comment from an address an approved regular also used."""
    regular = make_comment(site["article"], "A regular's comment.", name="Regular Reader", email="regular@example.org")
    Comment.objects.filter(pk=regular.pk).update(ip_address=SHARED_IP)
    first = post(site["article"], "First from the troll.", "troll@example.net")
    second = post(site["article"], "Second from the troll.", "troll@example.net")
    return first, second


def test_ban_asks_what_to_block_and_names_the_other_commenters_on_the_address(mod_client, troll):
    first, _ = troll
    queue = mod_client.get("/admin/comments/").content.decode()
    assert f'href="/admin/comments/{first.pk}/ban/?next=/admin/comments/"' in queue
    html = mod_client.get(f"/admin/comments/{first.pk}/ban/?next=/admin/comments/").content.decode()
    assert "1 other approved commenter used this IP address: Regular Reader — an IP ban would block them too." in html
    assert 'value="email" required id="id_block_0" checked' in html  # suggested: others share the address
    assert 'name="ip_days" value="30"' in html
    assert not BlockedSender.objects.exists()


def test_email_ban_leaves_the_shared_address_open_to_the_regular(mod_client, moderator, site, troll):  # noqa: F811
    first, second = troll
    response = mod_client.post(f"/admin/comments/{first.pk}/ban/", {"block": "email", "ip_days": "30", "next": "/admin/comments/"})
    assert (response.status_code, response["Location"]) == (302, "/admin/comments/")
    assert list(BlockedSender.objects.values_list("kind", "value", "expires_at")) == [("email", "troll@example.net", None)]
    assert set(Comment.objects.filter(author_email="troll@example.net").values_list("status", flat=True)) == {"spam"}
    event = ModerationEvent.objects.get(comment=first, action="ban", actor=moderator)
    assert event.reason == "banned email troll@example.net (no expiry)"
    later = post(site["article"], "The regular again.", "regular@example.org", name="Regular Reader")
    assert later.status == "approved"
    assert post(site["article"], "Troll from elsewhere.", "troll@example.net", ip="198.51.100.9").status == "spam"


def test_ip_ban_expires_after_the_default_period_and_then_stops_blocking(mod_client, site, troll):
    first, _ = troll
    with freeze_time("2026-05-15 12:00:00"):
        mod_client.post(f"/admin/comments/{first.pk}/ban/", {"block": "both", "ip_days": "30"})
        ip = BlockedSender.objects.get(kind="ip")
        assert ip.expires_at == timezone.now() + timedelta(days=30)
        assert BlockedSender.objects.get(kind="email").expires_at is None
        assert ModerationEvent.objects.get(comment=first, action="ban").reason == (
            f"banned email troll@example.net (no expiry), ip {SHARED_IP} (until 2026-06-14)")
        blocked = post(site["article"], "Someone new on the address.", "new@example.org", name="New")
        assert (blocked.status, blocked.moderation_reason) == ("spam", f"spam: blocked IP address {SHARED_IP}")
    with freeze_time("2026-06-14 12:00:01"):
        after = post(site["article"], "Someone new, a month later.", "new2@example.org", name="Newer")
        assert after.status == "pending" and "blocked" not in after.moderation_reason
        assert post(site["article"], "The troll, a month later.", "troll@example.net", ip="198.51.100.9").status == "spam"


def test_email_ban_may_be_given_a_period_too(mod_client, site, troll):
    first, _ = troll
    with freeze_time("2026-05-15 12:00:00"):
        mod_client.post(f"/admin/comments/{first.pk}/ban/", {"block": "email", "ip_days": "30", "email_days": "7"})
    with freeze_time("2026-05-23 12:00:00"):
        assert post(site["article"], "Back after a week.", "troll@example.net", ip="198.51.100.9").status == "pending"


def test_a_ban_without_a_choice_blocks_nothing(mod_client, troll):
    first, _ = troll
    response = mod_client.post(f"/admin/comments/{first.pk}/ban/", {"ip_days": "30"})
    assert response.status_code == 200
    assert response.context["form"].errors["block"] == ["This field is required."]
    assert not BlockedSender.objects.exists()
    assert Comment.objects.get(pk=first.pk).status == "pending"


def test_bulk_ban_asks_the_same_question_for_every_selected_commenter(mod_client, site, troll):
    first, _ = troll
    other = post(site["article"], "Spam from another.", "spammer@example.com", ip="198.51.100.20", name="Spammer")
    ids = [first.pk, other.pk]
    page = mod_client.post("/admin/comments/bulk/", {"action": "ban", "ids": ids, "next": "/admin/comments/"})
    html = page.content.decode()
    assert page.status_code == 200 and "Ban 2 commenters" in html
    assert "1 other approved commenter used this IP address: Regular Reader — an IP ban would block them too." in html
    assert "No other approved commenter used this IP address." in html
    assert not BlockedSender.objects.exists()
    response = mod_client.post("/admin/comments/bulk/", {"action": "ban", "ids": ids, "block": "ip", "ip_days": "10",
                                                         "next": "/admin/comments/"})
    assert response.status_code == 302
    assert set(BlockedSender.objects.values_list("kind", "value")) == {("ip", SHARED_IP), ("ip", "198.51.100.20")}


def test_a_longer_ban_of_a_blocked_sender_extends_it_never_shortens(mod_client, site, troll):
    first, second = troll
    mod_client.post(f"/admin/comments/{first.pk}/ban/", {"block": "ip", "ip_days": "0"})  # until removed
    mod_client.post(f"/admin/comments/{second.pk}/ban/", {"block": "ip", "ip_days": "5"})
    assert BlockedSender.objects.get(kind="ip").expires_at is None
