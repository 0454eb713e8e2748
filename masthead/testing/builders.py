"""The one module of test builders, made of the real actions (STYLE.md §12): a test's data
goes through the same code an editor's, a reader's or a donor's does."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from masthead.comments.actions import do_approve, do_submit_comment
from masthead.fundraising.actions import do_record_entry, do_set_goal
from masthead.fundraising.models import SupportPage
from masthead.comments.moderation import ModerationContext
from masthead.news.actions import do_create_section, do_install_home, do_publish_article


def make_site(name="The Test Dispatch"):
    return do_install_home(name, hostname="localhost")


def make_section(home, title="World"):
    return do_create_section(home, title)


def make_article(section, title="A story", date=None, paragraphs=("First paragraph.",), **fields):
    body = [("paragraph", f"<p>{text}</p>") for text in paragraphs] + list(fields.pop("blocks", []))
    return do_publish_article(section, title=title, date=date or timezone.now() - timezone.timedelta(hours=1), body=body, **fields)


def make_image(title="A picture", seed=0, width=400, height=225):
    """A Wagtail image drawn locally (masthead/demo/pictures.py), small so tests stay fast."""
    from masthead.demo.pictures import landscape

    return landscape(title, seed, width, height)


def make_author(name="Sam Writer", bio="", photo=None):
    from masthead.news.models import Author

    return Author.objects.create(name=name, bio=bio, photo=photo)


def aware(*args):
    return timezone.make_aware(datetime(*args))


def make_comment(article, body="A thoughtful comment.", name="Reader", email="reader@example.org", parent=None,
                 approve=True, url="", created_at=None):
    comment = do_submit_comment(
        article=article, parent=parent, author_name=name, author_email=email, author_url=url, body=body,
        context=ModerationContext(ip_address="192.0.2.1", user_agent="tests"), created_at=created_at,
    )
    if approve:
        comment = do_approve(comment, actor=None, reason="test")
    return comment


def set_comment_settings(**fields):
    """Change the admin-edited comment settings (and so the cached policy) for a test."""
    from masthead.comments.models import CommentSettings

    row = CommentSettings.objects.first() or CommentSettings()
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row


def make_staff(username="moderator", superuser=True):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", "password")
    return User.objects.create_user(username, f"{username}@example.org", "password", is_staff=True)


def log_in_to_admin(browser, base_url, username="moderator", password="password"):
    """A new Playwright page in its own browser context, logged in to the Wagtail admin."""
    page = browser.new_context().new_page()
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def make_support_page(home, **fields):
    fields.setdefault("title", "Support us")
    fields.setdefault("slug", "support")
    fields.setdefault("ways_to_give", [("way", {"title": "Bank transfer", "details": "IBAN XX00 0000 (example)"})])
    page = SupportPage(**fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_goal(amount_minor=500000, currency="USD", month=None):
    return do_set_goal(month=month or timezone.localdate(), amount_minor=amount_minor, currency=currency)


def make_gift(amount_minor=2500, currency="USD", **fields):
    return do_record_entry(amount_minor=amount_minor, currency=currency, **fields)

