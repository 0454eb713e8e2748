"""WebSub (formerly PubSubHubbub): readers' apps subscribed through a hub learn of a new
story within seconds instead of at their next poll.

With MASTHEAD_WEBSUB_HUB set (env WEBSUB_HUB_URL, e.g. https://pubsubhubbub.appspot.com/ or
a self-hosted hub), every feed names the hub and itself (news/feeds.py), and publishing an
article queues `ping_hub` (django-tasks: the database queue, RQ on Redis, immediate in
tests) once the transaction has committed. The task POSTs `hub.mode=publish` and
`hub.url=<feed>` to the hub for each feed the article appears in: the site's, its
section's, its tags' and its author's, RSS and Atom. An article dated in the future is
pinged at its date when the task backend can defer (the database queue and RQ can).
A failing hub is logged and does not fail the publish: readers' apps still poll.
"""

import logging
import urllib.error
import urllib.request
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend, task

from masthead.core.site import absolute_url
from masthead.news.models import ArticlePage

log = logging.getLogger("masthead.news")
TIMEOUT_SECONDS = 10


def feed_urls(article) -> list[str]:
    """Every feed `article` is an item of, absolute."""
    names = [("site_feed", []), ("site_atom_feed", [])]
    section = article.get_parent()
    if section is not None:
        names += [("section_feed", [section.slug]), ("section_atom_feed", [section.slug])]
    for tag in article.tags.all():
        names += [("tag_feed", [tag.slug]), ("tag_atom_feed", [tag.slug])]
    if article.author_id:
        names += [("author_feed", [article.author_id]), ("author_atom_feed", [article.author_id])]
    return [absolute_url(reverse(name, args=args)) for name, args in names]


def announce(article) -> None:
    """Queue the hub ping for a just-published article, after commit (signal_handlers.py)."""
    if not settings.MASTHEAD_WEBSUB_HUB or not isinstance(article, ArticlePage):
        return
    article_id = article.pk
    if article.date > timezone.now():
        if not default_task_backend.supports_defer:
            return  # the hub would fetch a feed without it; readers' apps will poll
        transaction.on_commit(lambda: ping_hub.using(run_after=article.date).enqueue(article_id), robust=True)
    else:
        transaction.on_commit(lambda: ping_hub.enqueue(article_id), robust=True)


@task()
def ping_hub(article_id: int) -> int:
    """Tell the hub that the feeds of this article changed; returns how many it accepted."""
    hub = settings.MASTHEAD_WEBSUB_HUB
    article = ArticlePage.objects.readable().filter(pk=article_id).first()
    if not hub or article is None:
        return 0
    accepted = 0
    for url in feed_urls(article):
        data = urlencode({"hub.mode": "publish", "hub.url": url}).encode()
        request = urllib.request.Request(hub, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "masthead WebSub publisher",
        })
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                accepted += 200 <= response.status < 300
        except (urllib.error.URLError, OSError) as error:
            log.warning("WebSub hub %s refused the ping for %s: %s", hub, url, error)
    return accepted
