"""The page cache's tags for comments, and the purge a comment's change makes.

An article's thread (its page, every page of comments, its comment feed) declares
`comments:<article id>`; the site-wide comment feed declares `comments:all`. A comment
entering or leaving the public thread, or edited or erased while in it, purges both; a held,
rejected or spam comment changing among those states purges nothing. Listings' comment
counts are not purged per comment (masthead/news/cache_tags.py, LISTING_MAX_AGE).
"""

from masthead.pagecache import store

ALL = "comments:all"


def thread(article_id) -> str:
    return f"comments:{article_id}"


def purge_if_public(comment, from_status: str, to_status: str) -> None:
    """Called for every ModerationEvent (actions._log)."""
    approved = comment.Status.APPROVED
    if from_status == approved or to_status == approved:
        store.purge(thread(comment.article_id), ALL)


def purge_public(comments) -> None:
    """A set of comments that entered their threads at once (an import): one purge of the
    threads that gained a public comment, and of the site-wide feed."""
    threads = {thread(c.article_id) for c in comments if c.status == c.Status.APPROVED}
    if threads:
        store.purge(*threads, ALL)
