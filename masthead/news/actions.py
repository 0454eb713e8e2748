"""Creating the site's pages the way the editor does: add to the tree, save a revision,
publish it. The demo loader, the tests and the WordPress importer call these, so a
page made by code has the same revisions and publishing history as one made by hand."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, GroupPagePermission, Locale, Page, PageLogEntry, Revision, Site

from masthead.core.site import free_top_level_slug
from masthead.news import chrome, purges
from masthead.news.models import ArticlePage, HomePage, SectionPage

# The editors' groups and what they may do on the site's pages. Wagtail calls the second
# one "Moderators"; here it is named for what it does, so nobody confuses it with the
# moderators of reader comments (migration 0003 renames an existing one).
EDITOR_GROUPS = {
    "Editors": ["add_page", "change_page", "lock_page"],
    "Page publishers": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def _grant_editor_groups(home: Page) -> None:
    """Wagtail gives its groups rights on its welcome page, which the home page replaces
    (deleting the page deletes the rights): give them the same rights on the home page, so
    an editor's page explorer opens on the site, not on an empty root."""
    for name, codenames in EDITOR_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames):
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)


def _publish(parent, page, user=None):
    parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


def _tree_root() -> Page:
    """The root of the page tree. Wagtail's migrations create it; a flushed database (as
    transactional tests leave it) lacks it and the default locale and collection, so they
    are made again here."""
    root = Page.get_first_root_node()
    if root is None:
        from django.conf import settings

        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root


def do_install_home(site_name: str, hostname: str = "localhost", port: int = 80) -> HomePage:
    """Make a HomePage the root of the default site, replacing Wagtail's welcome page."""
    with transaction.atomic(durable=True):
        root = _tree_root()
        # Wagtail's welcome page (deleting it also deletes the default Site pointing at it).
        for page in root.get_children().not_type(HomePage):
            page.delete()
        home = _publish(root, HomePage(title=site_name, slug="home"))
        Site.objects.filter(is_default_site=True).delete()
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, site_name=site_name, is_default_site=True
        )
        _grant_editor_groups(home)
        return home


def do_create_section(home: HomePage, title: str, slug: str = "", intro: str = "", user=None) -> SectionPage:
    with transaction.atomic(durable=True):
        # A title such as "Media" or "Feed" gets a slug the site does not already answer.
        slug = free_top_level_slug(slug or slugify(title, allow_unicode=True))
        section = SectionPage(title=title, slug=slug, intro=intro, show_in_menus=True)
        return _publish(home, section, user)


def do_publish_article(section: SectionPage, user=None, **fields) -> ArticlePage:
    """Create and publish an article under `section`; `fields` are ArticlePage fields.
    `tags` may be a list of tag names."""
    tags = fields.pop("tags", [])
    with transaction.atomic(durable=True):
        article = ArticlePage(**fields)
        if tags:
            article.tags.add(*tags)
        return _publish(section, article, user)


# For callers that group many pages in their own transaction (the WordPress importer: one
# transaction per imported item). The same steps as the editor's, without a transaction.

def add_page(parent, page, *, publish=True, user=None):
    """Add `page` under `parent` and save its first revision; publish it (a `go_live_at`
    in the future schedules it instead, as in the editor) or leave it a draft."""
    if not publish:
        page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    page.refresh_from_db()
    return page


def revise_page(page, *, publish=True, user=None):
    """Save the page's changed fields as a new revision; publish it, or unpublish a live page
    that should now be a draft."""
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    elif page.live:
        page.unpublish(user=user)
    page.refresh_from_db()
    return page


def import_page(parent, page, *, publish=True):
    """A page brought over from another site (the WordPress importer): the rows add_page
    writes — the page in the tree (published, or a draft), its one revision, and the log
    entries create / edit / publish — in a fraction of its queries: the page is inserted once,
    already in its final state, instead of saved by add_child, save_revision and publish in
    turn. Wagtail's page_published signal is not sent, so nothing is purged or announced per
    page: the caller ends the import with end_import() (one purge of every cached page),
    and a WebSub hub is not told of old articles. Scheduled pages take add_page (go-live)."""
    now = timezone.now()
    page.live, page.has_unpublished_changes = publish, not publish
    if publish:
        page.first_published_at = page.last_published_at = now
    # treebeard's add_child, whose save would validate every field and reference again
    # (a dozen queries): the importer built them. Wagtail's draft validation (title, a free
    # slug under the parent) still runs.
    page.depth = parent.depth + 1
    last = Page.objects.child_of(parent).order_by("-path").only("path").first()  # not numchild: `parent` may be stale
    page.path = last._inc_path() if last else Page._get_path(parent.path, page.depth, 1)
    page.minimal_clean()
    page.save(clean=False)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    parent.numchild += 1
    revision = Revision.objects.create(
        content_object=page, base_content_type=page.get_base_content_type(),
        content=page.serializable_data(), object_str=str(page),
    )
    page.latest_revision, page.latest_revision_created_at = revision, revision.created_at
    page.live_revision = revision if publish else None
    Page.objects.filter(pk=page.pk).update(
        latest_revision=revision, latest_revision_created_at=revision.created_at, live_revision=page.live_revision
    )
    # add_child logged wagtail.create; then what save_revision and publish log.
    PageLogEntry.objects.bulk_create([
        PageLogEntry(page=page, content_type=page.content_type, label=page.get_admin_display_title(), action=action,
                     revision=revision, data={}, timestamp=now, content_changed=True)
        for action in ["wagtail.edit", *(["wagtail.publish"] if publish else [])]
    ])
    return page


def end_import() -> None:
    """After pages were brought in with import_page: every cached page may list them (home,
    sections, archives, feeds, the menu), so the page cache and the chrome start afresh."""
    purges.purge_chrome()  # every page declares the chrome tag
    chrome.forget()
