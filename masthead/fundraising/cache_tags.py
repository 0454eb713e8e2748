"""The page cache and the goal bar: one fragment spliced into every cached page at serve time.

The goal bar is on every page and changes with every gift. Purging every page on each
donation would make a viral story's readers pay a render per page per gift; a per-month
version in the page key would do the same. Instead the bar is a fragment
(masthead/pagecache/fragments.py): each cached page is stored as the bytes around it, and the
bar's current HTML, cached once for all pages, is put between them when a page is served. A
donation, a refund, a goal or a rate purges `goal`: the fragment is rendered once and every
page shows it on its next answer, with a new ETag. It is kept at most until the month ends,
so the first page of a new month shows the new month's bar.

The support page (progress, supporters list) declares `goal` and `supporters` itself.
The fragment is registered in apps.py; its HTML is the template tag's (fundraising_tags.py).
"""

from masthead.news.cache_tags import CHROME
from masthead.pagecache import store

GOAL = "goal"
SUPPORTERS = "supporters"
FRAGMENT = "goal_bar"


# The goal bar shows the support link, which moves with the page tree (the chrome).
FRAGMENT_TAGS = (GOAL, CHROME)


def purge_goal() -> None:
    store.purge(GOAL)


def purge_supporters() -> None:
    store.purge(SUPPORTERS)
