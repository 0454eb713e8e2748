"""How feature apps show themselves on the hub's pages without `news` importing them.

`news` owns the page tree and the listings; comments and fundraising add to them. Each
feature app fills this registry from its `AppConfig.ready()`, and news reads it:

- `allow_under_home("fundraising.SupportPage")`: page types an editor may add under the
  home page besides sections;
- `add_teaser_meta(fn)`: `fn(teasers) -> {article_id: html}`, one call per listing page
  (so one query for the whole page, not one per article), shown in each teaser's meta
  line (the comment count, for instance). A teaser has `.article` and `.url`.

Feature parts of the article page itself (goal bar, "Support" calls to action, the
comment thread) are template tags the feature app provides.
"""

from collections.abc import Callable

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

HOME_CHILD_TYPES = ["news.SectionPage"]
_teaser_meta: list[Callable] = []


def allow_under_home(page_type: str) -> None:
    if page_type not in HOME_CHILD_TYPES:
        HOME_CHILD_TYPES.append(page_type)


def add_teaser_meta(fn: Callable) -> None:
    if fn not in _teaser_meta:
        _teaser_meta.append(fn)


def teaser_meta(teasers: list) -> dict[int, SafeString]:
    """{article_id: the feature apps' bits for its meta line, each after " · "}."""
    bits: dict[int, list] = {t.article.pk: [] for t in teasers}
    for fn in _teaser_meta:
        for pk, html in fn(teasers).items():
            bits.setdefault(pk, []).append((html,))
    return {pk: format_html_join("", " · {}", parts) if parts else mark_safe("") for pk, parts in bits.items()}
