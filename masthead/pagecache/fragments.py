"""Parts of every page that change on their own schedule, spliced into cached pages when
they are served: the goal bar changes with every gift and is on every page, so a donation
purges one fragment instead of every page.

An app registers a fragment with the tags it shows and a render function
(`register("goal_bar", render, tags=["goal"])`); its template tag outputs `placeholder(name)`,
the current HTML between two comment markers. The WSGI layer keeps a stored page as the
bytes around each marked fragment, and puts the fragment's current HTML between them on every
answer (hit or miss, so both are the same bytes). The fragment itself is cached like a page:
with the versions of its tags, re-rendered once after a purge.
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import mark_safe

from masthead.pagecache import store


@dataclass(frozen=True)
class Fragment:
    name: str
    render: Callable[[], str]
    tags: tuple[str, ...]
    timeout: Callable[[], int] | None  # seconds it may be kept (e.g. until the month ends)


REGISTRY: dict[str, Fragment] = {}


def register(name: str, render: Callable[[], str], *, tags=(), timeout: Callable[[], int] | None = None) -> None:
    REGISTRY[name] = Fragment(name, render, tuple(tags), timeout)


def markers(name: str) -> tuple[bytes, bytes]:
    return f"<!--fragment:{name}-->".encode(), f"<!--/fragment:{name}-->".encode()


def key(name: str) -> str:
    return f"pagecache:fragment:{name}"


def current(name: str, cached=None) -> tuple[str, bytes, float]:
    """(etag part, html bytes, when rendered) of the fragment as it is now. `cached` is the
    value wsgi.py already read with its tag versions, in the same round trip as the page's."""
    fragment = REGISTRY[name]
    try:
        value, tag_versions = cached if cached is not None else _read(fragment)
        if value is not None and all(tag_versions.get(t) == value["versions"].get(t) for t in fragment.tags):
            return value["etag"], value["html"], value["at"]
        started = store.generation()
    except Exception:  # the cache is down: render it, keep nothing
        store.log.exception("page cache unreachable; fragment %s rendered uncached", name)
        started = None
    html = fragment.render().encode()
    etag, at = hashlib.sha1(html).hexdigest()[:12], time.time()
    if started is not None:
        try:
            versions = store.versions_for_store(fragment.tags, started)
            if versions is not None:
                timeout = fragment.timeout() if fragment.timeout else None
                value = {"etag": etag, "html": html, "at": at, "versions": versions}
                store.cache().set(key(name), value, timeout=timeout)
        except Exception:
            store.log.exception("page cache unreachable; fragment %s not stored", name)
    return etag, html, at


def _read(fragment):
    keys = [key(fragment.name)] + [store.tag_key(t) for t in fragment.tags]
    found = store.cache().get_many(keys)
    return found.get(key(fragment.name)), {t: found.get(store.tag_key(t)) for t in fragment.tags}


def placeholder(name: str):
    """The fragment's current HTML between its markers, for the template tag."""
    start, end = markers(name)
    return mark_safe((start + current(name)[1] + end).decode())
