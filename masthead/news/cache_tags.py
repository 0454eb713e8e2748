"""The page cache's tags for what news shows, and which of them a page change purges (purges.py).

Every page declares what it shows (masthead/pagecache/tags.py): an article page its article;
a listing each article it lists, plus the listing itself (home, a section, a year, a month, a
tag), because a newly published article changes the listing though no page showed it yet;
every page the chrome (site name, section menu, support link). Publishing, unpublishing,
moving, editing or deleting an article then purges exactly the pages showing it, plus the
listings it now belongs to. A section, home or other page changes the menu: the chrome.

Listings also show what feature apps add to teasers (the comment count), which is not purged
per comment: a listing is kept at most LISTING_MAX_AGE seconds, which is also how late an
article dated in the future (published, but waiting for its date) can appear in listings.
"""

from django.utils import timezone

CHROME = "chrome"
HOME = "home"
SITEMAP = "sitemap"
FEEDS = "feeds"
# Declared by no page: its version moves with every page-tree change, and keys what is
# computed from all articles (news/related.py).
ARTICLES = "articles"
LISTING_MAX_AGE = 60


def article(pk) -> str:
    return f"article:{pk}"


def section(path: str) -> str:
    """A section by its tree path (an article knows its parent's path without a query)."""
    return f"section:{path}"


def author(pk) -> str:
    return f"author:{pk}"


def year(value: int) -> str:
    return f"year:{value}"


def month(value: int, number: int) -> str:
    return f"month:{value}-{number:02d}"


def tag(slug: str) -> str:
    return f"tag:{slug}"


def listings_of(page) -> set[str]:
    """The listings an article belongs to as it is now."""
    local = timezone.localtime(page.date)
    found = {HOME, SITEMAP, FEEDS, year(local.year), month(local.year, local.month)}
    found.add(section(page.path[: -page.steplen]))
    found.update(tag(t.slug) for t in page.tags.all())
    return found
