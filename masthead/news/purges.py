"""What a change to the page tree purges from the page cache (tags: cache_tags.py).

Called by signal_handlers.py on Wagtail's publish, unpublish, move, slug change and delete.
The purge runs once the transaction commits (masthead/pagecache/store.py).
"""

from masthead.news import cache_tags
from masthead.news.models import ArticlePage
from masthead.pagecache import store


def purge_for_page(page, *, old_parent_path: str | None = None) -> None:
    """An article: the pages showing it and the listings it belongs to now (and the section it
    left). Any other page (home, a section, the support page) changes the chrome: every page."""
    if issubclass(page.specific_class or type(page), ArticlePage):
        tags = {cache_tags.article(page.pk), cache_tags.HOME, cache_tags.SITEMAP, cache_tags.FEEDS, cache_tags.ARTICLES}
        tags.add(cache_tags.section(page.path[: -page.steplen]))
        if isinstance(page, ArticlePage):  # (a deleted page may come as its base Page)
            tags |= cache_tags.listings_of(page)
        if old_parent_path:
            tags.add(cache_tags.section(old_parent_path))
        store.purge(*tags)
    else:
        store.purge(cache_tags.CHROME, cache_tags.section(page.path), cache_tags.HOME, cache_tags.SITEMAP, cache_tags.ARTICLES)


def purge_chrome() -> None:
    """The site's name or root changed: every page shows it."""
    store.purge(cache_tags.CHROME)


def purge_author(author) -> None:
    """A byline's name changed: the articles showing it."""
    store.purge(cache_tags.author(author.pk))
