"""Creating the site's pages the way the editor does: add to the tree, save a revision,
publish it. The demo loader, the tests and the WordPress importer call these, so a
page made by code has the same revisions and publishing history as one made by hand."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from modelcluster.models import get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.models import Collection, GroupPagePermission, Locale, Page, PageLogEntry, ReferenceIndex, Revision, Site
from wagtail.search.backends import get_search_backends

from masthead.core.bulk_insert import insert_rows
from masthead.core.site import free_top_level_slug
from masthead.news import chrome, purges
from masthead.news.models import ArticlePage, ArticleTag, HomePage, SectionPage

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


def do_create_section(home: HomePage, title: str, slug: str = "", intro: str = "", user=None, show_in_menus=True) -> SectionPage:
    with transaction.atomic(durable=True):
        # A title such as "Media" or "Feed" gets a slug the site does not already answer.
        slug = free_top_level_slug(slug or slugify(title, allow_unicode=True))
        section = SectionPage(title=title, slug=slug, intro=intro, show_in_menus=show_in_menus)
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


def import_articles(batch) -> list:
    """Articles brought over from another site (the WordPress importer), many at once:
    `batch` is a list of (parent, page, publish) with new, unsaved ArticlePages whose slugs
    are free under their parents (the caller picks them for the whole batch). Writes the
    rows add_page writes for each — the page in the tree (published, or a draft), its tags,
    its one revision, the log entries create / edit / publish, its search index entry and its
    reference index rows — in a few statements per batch instead of dozens per page: the
    tree paths are computed here (one query per parent), the page and article rows go in as
    multi-row INSERTs, then the revisions, tags, log entries and index rows.

    Runs inside the caller's transaction (one per batch: a run stopped halfway leaves whole
    batches only). Wagtail's page_published signal is not sent, so nothing is purged or
    announced per page: the caller ends the import with end_import() (one purge of every
    cached page), and a WebSub hub is not told of old articles. Scheduled pages take
    add_page (their go-live date is on the revision)."""
    if not batch:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("import_articles runs inside its caller's transaction")
    now = timezone.now()
    pages, by_parent = [], {}
    for parent, page, publish in batch:
        page.live, page.has_unpublished_changes = publish, not publish
        if publish:
            page.first_published_at = page.last_published_at = now
        page.settle_date()
        page.depth, page.draft_title, page.locale_id = parent.depth + 1, page.title, parent.locale_id
        page.set_url_path(parent)
        page._cached_parent_obj = parent  # treebeard's get_parent, for the search index's section
        for relation in get_all_child_relations(page):  # a new page has no child rows: none to read back
            if relation.get_accessor_name() not in page._cluster_related_objects:
                setattr(page, relation.get_accessor_name(), [])
        by_parent.setdefault(parent.pk, (parent, []))[1].append(page)
        pages.append(page)
    for parent, children in by_parent.values():
        _place_children(parent, children)
    _insert_articles(pages)
    insert_rows(ArticleTag, [tagged for page in pages for tagged in page.tagged_items.all()])
    revisions = insert_rows(Revision, [
        Revision(content_type=page.content_type, base_content_type=page.get_base_content_type(), object_id=str(page.pk),
                 content=page.serializable_data(), object_str=str(page), created_at=now)
        for page in pages
    ])
    for page, revision in zip(pages, revisions):
        page.latest_revision, page.latest_revision_created_at = revision, now
        page.live_revision = revision if page.live else None
    # Each page's one revision, in one UPDATE (the revisions are found by their page).
    its_revision = Subquery(Revision.page_revisions.filter(object_id=Cast(OuterRef("pk"), CharField())).values("pk")[:1])
    ids = [page.pk for page in pages]
    Page.objects.filter(pk__in=ids).update(latest_revision=its_revision, latest_revision_created_at=now)
    Page.objects.filter(pk__in=ids, live=True).update(live_revision=F("latest_revision"))
    # add_child logged wagtail.create; then what save_revision and publish log.
    insert_rows(PageLogEntry, [
        PageLogEntry(page=page, content_type=page.content_type, label=page.get_admin_display_title(), action=action,
                     revision=None if action == "wagtail.create" else page.latest_revision, data={}, timestamp=now,
                     content_changed=True)
        for page in pages
        for action in ["wagtail.create", "wagtail.edit", *(["wagtail.publish"] if page.live else [])]
    ])
    _index_articles(pages)
    return pages


def _place_children(parent, children) -> None:
    """treebeard's add_child for many children at once: paths after the parent's last child
    (read from the table: `parent` may be stale), numchild raised once."""
    last = Page.objects.child_of(parent).order_by("-path").values_list("path", flat=True).first()
    step = Page._str2int(last[-Page.steplen:]) if last else 0
    for child in children:
        step += 1
        if len(Page._int2str(step)) > Page.steplen:
            raise PathOverflow(f"no room for another child under {parent.path}")
        child.path = Page._get_path(parent.path, child.depth, step)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(children))
    parent.numchild += len(children)


def _insert_articles(pages) -> None:
    """The wagtailcore_page rows (ids returned), then the news_articlepage rows, several to a
    statement: bulk_create refuses multi-table inheritance, so one insert per table."""
    insert_rows(Page, pages)  # sets page.id
    for page in pages:
        page.page_ptr_id = page.id
    insert_rows(ArticlePage, pages)


def _index_articles(pages) -> None:
    """What the post_save handlers would enqueue for each page, done for the batch: the
    search index entries (Wagtail's database backend: one multi-row write) and the
    reference index rows (the pages are new, so nothing to compare with)."""
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(ArticlePage, pages)
    if not ReferenceIndex.is_indexed(ArticlePage):
        return
    content_type, base_type = pages[0].content_type, pages[0].get_base_content_type()
    insert_rows(ReferenceIndex, [
        ReferenceIndex(content_type=content_type, base_content_type=base_type, object_id=str(page.pk),
                       to_content_type_id=to_type, to_object_id=to_id, model_path=model_path, content_path=content_path,
                       content_path_hash=ReferenceIndex._get_content_path_hash(content_path))
        for page in pages
        for to_type, to_id, model_path, content_path in set(ReferenceIndex._extract_references_from_object(page))
    ])


def do_keep_largest_sections_in_menu(sections, keep: int, user=None) -> list:
    """Of `sections` (those an import created), keep the `keep` with the most articles in the
    site's menu and take the others out of it (a new published revision each, as the
    editor's "Show in menus" box would; they stay where they are, reachable and listed).
    Returns the sections taken out, largest first."""
    # Read afresh: a publish saves the tree fields (numchild) of the instance it is given.
    sections = SectionPage.objects.filter(pk__in=[s.pk for s in sections])
    sections = sorted(sections, key=lambda s: (-ArticlePage.objects.child_of(s).count(), s.path))
    hidden = [s for s in sections[keep:] if s.show_in_menus]
    with transaction.atomic(durable=True):
        for section in hidden:
            section.show_in_menus = False
            revise_page(section, publish=section.live, user=user)
    return hidden


def end_import() -> None:
    """After pages were brought in with import_articles: every cached page may list them (home,
    sections, archives, feeds, the menu), so the page cache and the chrome start afresh."""
    purges.purge_chrome()  # every page declares the chrome tag
    chrome.forget()
