"""The WSGI layer in front of Django: public pages for anonymous readers from the shared cache.

A request is eligible when it is a GET or HEAD outside /static/, /media/ and /admin/, carries
no Authorization header and none of the private cookies (tags.PRIVATE_COOKIES: a session,
a held-comment cookie), and has only query parameters that select a public page
(tags.ALLOWED_PARAMS; link trackers' parameters are ignored). Anything else goes straight
to Django and is never stored.

For an eligible request: one cache read for the entry, one for the versions of its tags and
its fragments. Fresh: answered here, without Django (no URL routing, middleware, template
or database). Otherwise Django renders it, and the response is stored only if it is a 200
to a GET that declared cache tags, sets no cookie, and is not marked private/no-store/
no-cache. Hit or miss, the reader gets the answer built from the stored entry: the same
bytes and headers (ETag, Last-Modified, Vary, Cache-Control), a 304 to a matching
conditional request, gzip when asked.

No stampede: after a purge one reader re-renders the page (a lock in the shared cache, so
one render across every app server); readers arriving during that render get the previous
copy at once, for at most the render's time (LOCK_SECONDS if a worker dies holding it). A
page never stored yet makes concurrent readers wait up to WAIT_SECONDS for the first render.

If the cache cannot be reached, Django answers every request (slower, never an error from
here) and nothing is stored until it is back; then the purges missed meanwhile, by any app
server, are made before the first page is read (store.catch_up).
"""

import gzip
import hashlib
import logging
import secrets
import time
from email.utils import formatdate, parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode

from django.conf import settings

from masthead.pagecache import fragments, frontend, store, tags

log = logging.getLogger("masthead.pagecache")

SKIP_PREFIXES = ("/static/", "/media/", "/admin/")
# Set by the layer itself from the stored entry (or never stored).
OWN_HEADERS = {"content-length", "etag", "last-modified", "content-encoding", "date", "cache-control", "vary", "set-cookie", "server"}
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")
LOCK_SECONDS = 10
WAIT_SECONDS = 1.0
MEMO_SIZE = 256
# How long a checked page is answered from this process's memory while nothing is purged:
# also how late a fragment that expires by time (the goal bar at the month's end) can be.
KNOWN_SECONDS = 60
# The purge counter is read at most this often per process: the time a purge made elsewhere
# may take to reach this process's in-memory copies (against 200 ms promised).
GENERATION_CHECK_SECONDS = 0.001


class PageCache:
    def __init__(self, app):
        config = settings.MASTHEAD_PAGE_CACHE
        self.app = app
        self.max_age = config["MAX_AGE"]
        s_maxage = config["S_MAXAGE"]
        self.cache_control = "public, max-age=0, must-revalidate" + (f", s-maxage={s_maxage}" if s_maxage else "")
        self._memo: dict[tuple, tuple] = {}  # (entry id, fragment etags) → assembled bodies
        self._generation, self._generation_read_at = None, -1.0
        self._known: dict[str, tuple] = {}  # key → (purge counter, until, entry, fragments)

    # -- which requests ---------------------------------------------------------------

    @staticmethod
    def key_for(environ) -> str | None:
        """The cache key of this request, or None when it must go to Django uncached."""
        method = environ.get("REQUEST_METHOD")
        if method != "GET" and method != "HEAD":
            return None
        path = environ.get("PATH_INFO", "")
        if path.startswith(SKIP_PREFIXES) or environ.get("HTTP_AUTHORIZATION"):
            return None
        cookie = environ.get("HTTP_COOKIE")
        if cookie and any(part.split("=", 1)[0].strip() in tags.PRIVATE_COOKIES for part in cookie.split(";")):
            return None
        query = environ.get("QUERY_STRING", "")
        if query:
            kept = []
            for name, value in parse_qsl(query, keep_blank_values=True):
                if name in tags.IGNORED_PARAMS or name.startswith(tags.IGNORED_PREFIXES):
                    continue
                if name not in tags.ALLOWED_PARAMS:
                    return None
                kept.append((name, value))
            query = urlencode(sorted(kept))
        scheme = environ.get("HTTP_X_FORWARDED_PROTO") or environ.get("wsgi.url_scheme", "http")
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        raw = f"{scheme}|{host.lower()}|{path}|{query}".encode("utf-8", "surrogateescape")
        return store.page_key(hashlib.sha1(raw).hexdigest())

    # -- the layer ----------------------------------------------------------------------

    def __call__(self, environ, start_response):
        key = self.key_for(environ)
        if key is None:
            return self.app(environ, start_response)
        try:
            caught_up = store.catch_up()
            now = time.monotonic()
            if caught_up or now - self._generation_read_at > GENERATION_CHECK_SECONDS:
                self._generation = store.peek_generation()
                self._generation_read_at = now
            generation = self._generation
            known = self._known.get(key)
            if known is not None and known[0] == generation and time.time() < known[1]:
                # Nothing purged anywhere since this process last checked this page.
                return self._answer(known[2], known[3], environ, start_response)
            entry = store.get(key)
            fresh, cached_fragments = self._check(entry) if entry else (False, None)
        except Exception:
            log.exception("page cache unreachable; Django answers uncached")
            return self.app(environ, start_response)
        if fresh:
            self._remember(key, generation, entry, cached_fragments)
            return self._answer(entry, cached_fragments, environ, start_response)
        if environ["REQUEST_METHOD"] == "HEAD":
            return self.app(environ, start_response)
        try:
            locked = store.lock(key, LOCK_SECONDS)
            if not locked:
                if entry is not None:  # someone is re-rendering it: the previous copy meanwhile
                    return self._answer(entry, cached_fragments, environ, start_response)
                waited = self._wait_for(key)
                if waited is not None:
                    return self._answer(*waited, environ, start_response)
        except Exception:
            log.exception("page cache unreachable; Django answers uncached")
            return self.app(environ, start_response)
        return self._render(key, entry, environ, start_response, locked)

    def _remember(self, key, generation, entry, cached_fragments):
        """Keep a checked entry in this process while the purge counter stays at
        `generation` (read before the check), for at most KNOWN_SECONDS: a hit is then one
        small read of the shared cache."""
        if generation is None:
            return
        if len(self._known) >= MEMO_SIZE * 4:
            self._known.pop(next(iter(self._known)))
        resolved = {}
        for name, (value, tag_versions) in cached_fragments.items():
            etag, html, at = fragments.current(name, (value, tag_versions))
            resolved[name] = ({"etag": etag, "html": html, "at": at, "versions": tag_versions}, tag_versions)
        until = min(entry["fresh_until"], time.time() + KNOWN_SECONDS)
        self._known[key] = (generation, until, entry, resolved)

    def _check(self, entry):
        """(fresh?, the fragments' cached values) in one read of the cache."""
        names = entry["fragments"]
        fragment_tags = {t for name in names for t in fragments.REGISTRY[name].tags}
        keys = [store.tag_key(t) for t in entry["versions"]] + [store.tag_key(t) for t in fragment_tags]
        keys += [fragments.key(name) for name in names]
        found = store.cache().get_many(keys)
        fresh = time.time() < entry["fresh_until"] and all(
            found.get(store.tag_key(t)) == v for t, v in entry["versions"].items()
        )
        tag_versions = {t: found.get(store.tag_key(t)) for t in fragment_tags}
        return fresh, {name: (found.get(fragments.key(name)), tag_versions) for name in names}

    def _wait_for(self, key):
        """Another reader renders this page for the first time: wait for it, briefly."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.02)
            entry = store.get(key)
            if entry is not None:
                fresh, cached_fragments = self._check(entry)
                if fresh:
                    return entry, cached_fragments
        return None

    def _render(self, key, old_entry, environ, start_response, locked):
        try:
            started = store.generation()
        except Exception:
            log.exception("page cache unreachable; Django answers uncached")
            return self.app(environ, start_response)
        captured = {}
        written = []

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return written.append

        result = self.app(environ, capture)
        declared = environ.get(tags.ENV_TAGS)
        if not self._storable(environ, captured, declared):
            self._release(key, locked, forget=old_entry is not None)
            start_response(captured["status"], captured["headers"])
            return result
        try:
            body = b"".join(written) + b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        entry = self._entry(captured, body, environ, declared)
        try:
            versions = store.versions_for_store(declared, started)
            if versions is not None:
                entry["versions"] = versions
                store.put(key, entry, self.max_age)
                if frontend.enabled():
                    frontend.remember(store.cache(), request_url(environ), declared)
            self._release(key, locked, forget=versions is None and old_entry is not None)
        except Exception:
            log.exception("page cache unreachable; page not stored")
        return self._answer(entry, None, environ, start_response)

    @staticmethod
    def _release(key, locked, forget=False):
        try:
            if forget:
                store.forget(key)
            if locked:
                store.unlock(key)
        except Exception:
            log.exception("page cache unreachable")

    @staticmethod
    def _storable(environ, captured, declared) -> bool:
        if not declared or environ["REQUEST_METHOD"] != "GET" or not captured.get("status", "").startswith("200"):
            return False
        for name, value in captured["headers"]:
            lower = name.lower()
            if lower == "set-cookie" or lower == "content-encoding":
                return False
            if lower == "cache-control" and any(d in value.lower() for d in PRIVATE_DIRECTIVES):
                return False
            if lower == "vary" and {v.strip().lower() for v in value.split(",")} - {"cookie", "accept-encoding"}:
                return False
        return True

    def _entry(self, captured, body, environ, declared) -> dict:
        now = time.time()
        max_age = min(environ.get(tags.ENV_MAX_AGE, self.max_age), self.max_age)
        parts, names = split(body)
        headers = [(n, v) for n, v in captured["headers"] if n.lower() not in OWN_HEADERS]
        vary = ["Cookie"] if any(n.lower() == "vary" and "cookie" in v.lower() for n, v in captured["headers"]) else []
        headers.append(("Vary", ", ".join(vary + ["Accept-Encoding"])))
        return {
            "id": secrets.token_hex(8),
            "status": captured["status"],
            "headers": headers,
            "parts": parts,
            "fragments": names,
            "tags": sorted(declared),
            "versions": {},
            "at": now,
            "fresh_until": now + max_age,
        }

    # -- the answer -----------------------------------------------------------------------

    def _answer(self, entry, cached_fragments, environ, start_response):
        current = {
            name: fragments.current(name, (cached_fragments or {}).get(name)) for name in entry["fragments"]
        }
        memo_key = (entry["id"], tuple(current[name][0] for name in entry["fragments"]))
        answer = self._memo.get(memo_key)
        if answer is None:
            answer = self._assemble(entry, current, memo_key)
        use_gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        body, etag, headers, not_modified_headers = answer[1] if use_gzip else answer[0]
        if not_modified(environ, answer[2], answer[3]):
            start_response("304 Not Modified", not_modified_headers)
            return [b""]
        start_response(entry["status"], headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _assemble(self, entry, current, memo_key):
        """Both variants of the answer, headers included, built once per process for this
        entry and these fragments."""
        body = b"".join(part if isinstance(part, bytes) else current[part][1] for part in entry["parts"])
        digest = hashlib.sha1(body).hexdigest()[:20]
        last_modified = int(max([entry["at"]] + [current[name][2] for name in entry["fragments"]]))
        variants = []
        for content, etag, encoding in ((body, f'"{digest}"', []), (gzip.compress(body, 6, mtime=0), f'"{digest}-gz"', [("Content-Encoding", "gzip")])):
            common = entry["headers"] + [
                ("Cache-Control", self.cache_control),
                ("ETag", etag),
                ("Last-Modified", formatdate(last_modified, usegmt=True)),
            ]
            variants.append((content, etag, common + encoding + [("Content-Length", str(len(content)))], common))
        answer = (variants[0], variants[1], (variants[0][1], variants[1][1]), last_modified)
        if len(self._memo) >= MEMO_SIZE:
            self._memo.pop(next(iter(self._memo)))
        self._memo[memo_key] = answer
        return answer


def split(body: bytes) -> tuple[list, list[str]]:
    """The body as bytes around each registered fragment's current HTML (markers kept):
    [b"...<!--fragment:goal_bar-->", "goal_bar", b"<!--/fragment:goal_bar-->..."]."""
    parts, names = [body], []
    for name in fragments.REGISTRY:
        start, end = fragments.markers(name)
        last = parts[-1]
        i = last.find(start)
        j = last.find(end, i) if i >= 0 else -1
        if i < 0 or j < 0:
            continue
        parts[-1:] = [last[: i + len(start)], name, last[j:]]
        names.append(name)
    return parts, names


def request_url(environ) -> str:
    scheme = environ.get("HTTP_X_FORWARDED_PROTO") or environ.get("wsgi.url_scheme", "http")
    query = environ.get("QUERY_STRING", "")
    return f"{scheme}://{environ.get('HTTP_HOST', '')}{environ.get('PATH_INFO', '')}" + (f"?{query}" if query else "")


def not_modified(environ, etags, last_modified: int) -> bool:
    """RFC 9110: If-None-Match decides when present; else If-Modified-Since."""
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        given = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        return "*" in given or bool(given & set(etags))
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            return last_modified <= int(parsedate_to_datetime(since).timestamp())
        except (TypeError, ValueError):
            return False
    return False
