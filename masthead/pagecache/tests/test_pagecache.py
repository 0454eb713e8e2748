"""The page cache as a reader meets it: through the WSGI layer in front of Django, on the
real pages. Each test says which pages an event purges and which stay cached."""

import gzip
import io
from contextlib import contextmanager

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections

from masthead.comments.actions import do_approve, do_edit_comment
from masthead.comments.pending import COOKIE
from masthead.pagecache import store, wsgi
from masthead.pagecache.models import MissedPurge
from masthead.pagecache.wsgi import PageCache
from masthead.testing.builders import aware, make_article, make_comment, make_gift, make_goal, make_section

pytestmark = pytest.mark.django_db


class Reader:
    """Requests through PageCache(Django), counting how many reached Django."""

    def __init__(self):
        self.renders = 0
        django_app = WSGIHandler()

        def counted(environ, start_response):
            self.renders += 1
            return django_app(environ, start_response)

        self.layer = PageCache(counted)

    def get(self, path, method="GET", headers=None, body=b""):
        path, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "localhost",
            "SERVER_PORT": "80", "HTTP_HOST": "localhost", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
            "wsgi.errors": io.StringIO(), "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": "192.0.2.9",
        }
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"], answer["headers"] = int(status.split()[0]), response_headers

        # Like Django's test client: keep the test's database connection open.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.layer(environ, start_response)
            answer["body"] = b"".join(result)
            if hasattr(result, "close"):
                result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        answer["header"] = {name.lower(): value for name, value in answer["headers"]}
        return answer

    def cached(self, path) -> bool:
        """Would the next anonymous GET of `path` be answered without Django?"""
        before = self.renders
        self.get(path)
        return self.renders == before


@pytest.fixture(autouse=True)
def _purges_seen_at_once(monkeypatch):
    # The layer reads the purge counter at most once a millisecond; a test purges and reads
    # faster than a reader could.
    monkeypatch.setattr(wsgi, "GENERATION_CHECK_SECONDS", 0)


@pytest.fixture
def reader():
    return Reader()


def cache_down():
    """store.cache while the cache cannot be reached."""
    raise ConnectionError("cache unreachable")


@contextmanager
def committed(capture):
    """Run the block's on-commit callbacks (the purges) as a real commit would."""
    with capture(execute=True):
        yield


def test_second_anonymous_read_is_answered_without_django_with_the_same_bytes_and_headers(site, reader):
    url = site["article"].url
    first = reader.get(url)
    second = reader.get(url)
    assert first["status"] == second["status"] == 200
    assert reader.renders == 1
    assert second["body"] == first["body"]
    assert second["headers"] == first["headers"]
    assert {"etag", "last-modified", "cache-control", "vary"} <= set(first["header"])
    assert first["header"]["cache-control"] == "public, max-age=0, must-revalidate"
    assert b"Reporters Cross The River" in first["body"]


def test_conditional_request_with_the_etag_or_date_gets_a_304(site, reader):
    url = site["article"].url
    first = reader.get(url)
    by_etag = reader.get(url, headers={"If-None-Match": first["header"]["etag"]})
    assert (by_etag["status"], by_etag["body"]) == (304, b"")
    by_date = reader.get(url, headers={"If-Modified-Since": first["header"]["last-modified"]})
    assert by_date["status"] == 304
    assert reader.get(url, headers={"If-None-Match": '"other"'})["status"] == 200
    assert reader.renders == 1


def test_gzip_is_served_when_asked_and_decompresses_to_the_same_page(site, reader):
    url = site["article"].url
    plain = reader.get(url)
    packed = reader.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert packed["header"]["content-encoding"] == "gzip"
    assert "Accept-Encoding" in packed["header"]["vary"]
    assert gzip.decompress(packed["body"]) == plain["body"]
    assert packed["header"]["etag"] != plain["header"]["etag"]
    assert int(packed["header"]["content-length"]) == len(packed["body"])
    assert reader.renders == 1


def test_every_public_page_kind_is_cached(site, reader):
    make_article(site["section"], "Tagged", date=aware(2021, 6, 3, 9), tags=["Diplomacy"])
    for path in ["/", site["section"].url, site["article"].url, "/2021/", "/2021/06/", "/tag/diplomacy/",
                 "/comments/feed/", f"/comments/feed/{site['article'].pk}/", "/sitemap.xml"]:
        first = reader.get(path)
        assert first["status"] == 200, path
        assert reader.cached(path), path


def test_a_session_cookie_or_held_comment_cookie_always_goes_to_django_and_is_not_stored(site, reader):
    url = site["article"].url
    for cookie in ("sessionid=abc", f"{COOKIE}=x:y", "csrftoken=t; sessionid=abc"):
        reader.get(url, headers={"Cookie": cookie})
        reader.get(url, headers={"Cookie": cookie})
    assert reader.renders == 6
    assert not reader.cached(url)  # none of them was stored for the next anonymous reader
    assert reader.cached(url)
    reader.get(url, headers={"Cookie": "theme=dark"})  # a cookie nothing reads: still a hit
    assert reader.renders == 7


def test_a_request_with_a_session_is_never_answered_with_the_cached_page(site, reader):
    url = site["article"].url
    reader.get(url)
    reader.get(url, headers={"Cookie": "sessionid=abc"})
    assert reader.renders == 2


def test_held_comment_notice_url_is_rendered_for_its_reader_and_never_stored(site, reader):
    article = site["article"]
    held = make_comment(article, body="Held for review", email="held@example.org", approve=False)
    from masthead.comments.pending import notice_url

    url = notice_url(held, article.url).split("#")[0]
    page = reader.get(url)
    assert page["header"].get("cache-control") != "public, max-age=0, must-revalidate"
    cached = reader.get(article.url)
    assert b"Held for review" not in cached["body"] and b"held@example.org" not in cached["body"]
    assert b"awaiting moderation" not in cached["body"]


def test_unknown_query_parameters_go_to_django_and_trackers_are_ignored(site, reader):
    url = site["article"].url
    reader.get(url)
    assert reader.cached(url + "?utm_source=social&fbclid=abc")
    reader.get(url + "?anything=1")
    reader.get(url + "?anything=1")
    assert reader.renders == 3


def test_posts_and_head_misses_go_to_django(site, reader):
    reader.get("/comments/post/", method="POST")
    assert reader.renders == 1
    head = reader.get(site["article"].url, method="HEAD")
    assert head["status"] == 200
    reader.get(site["article"].url)
    head = reader.get(site["article"].url, method="HEAD")
    assert head["body"] == b"" and reader.renders == 3


def test_a_page_that_declares_no_tag_or_sets_a_cookie_or_is_private_is_never_stored(settings):
    settings.ALLOWED_HOSTS = ["*"]
    calls = []

    def app(environ, start_response):
        calls.append(1)
        kind = environ["PATH_INFO"]
        if kind != "/untagged":
            environ.setdefault("masthead.pagecache.tags", set()).add("t")
        headers = [("Content-Type", "text/html")]
        if kind == "/cookie":
            headers.append(("Set-Cookie", "a=b"))
        if kind == "/private":
            headers.append(("Cache-Control", "private, no-store"))
        start_response("200 OK", headers)
        return [b"page"]

    layer = PageCache(app)
    for path in ("/untagged", "/cookie", "/private"):
        for _ in range(2):
            environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_HOST": "x", "wsgi.url_scheme": "http"}
            body = b"".join(layer(environ, lambda *a: None))
            assert body == b"page"
    assert len(calls) == 6


def test_a_page_purged_while_it_renders_is_not_stored():
    renders = []

    def app(environ, start_response):
        renders.append(1)
        environ.setdefault("masthead.pagecache.tags", set()).add("article:1")
        store.purge_now({"article:1"})  # an editor publishes while this render reads the old data
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b"old"]

    layer = PageCache(app)
    environ = lambda: {"REQUEST_METHOD": "GET", "PATH_INFO": "/a/", "HTTP_HOST": "x", "wsgi.url_scheme": "http"}  # noqa: E731
    b"".join(layer(environ(), lambda *a: None))
    b"".join(layer(environ(), lambda *a: None))
    assert len(renders) == 2


def test_readers_arriving_during_a_re_render_get_the_previous_copy_and_only_one_renders(site, reader):
    url = site["article"].url
    first = reader.get(url)
    store.purge_now({f"article:{site['article'].pk}"})
    key = PageCache.key_for({"REQUEST_METHOD": "GET", "PATH_INFO": url, "HTTP_HOST": "localhost", "wsgi.url_scheme": "http"})
    assert store.lock(key, 10)  # another worker is re-rendering it
    for _ in range(5):
        assert reader.get(url)["body"] == first["body"]
    assert reader.renders == 1
    store.unlock(key)
    reader.get(url)
    assert reader.renders == 2


def test_a_first_render_in_progress_makes_other_readers_wait_then_render(site, reader, monkeypatch):
    monkeypatch.setattr(wsgi, "WAIT_SECONDS", 0.05)
    url = site["article"].url
    key = PageCache.key_for({"REQUEST_METHOD": "GET", "PATH_INFO": url, "HTTP_HOST": "localhost", "wsgi.url_scheme": "http"})
    store.lock(key, 10)
    assert reader.get(url)["status"] == 200  # the lock holder never finished: rendered after the wait
    assert reader.renders == 1


def test_cache_down_means_django_answers_without_error(site, reader, monkeypatch):
    monkeypatch.setattr(store, "cache", cache_down)
    for _ in range(2):
        answer = reader.get(site["article"].url)
        assert answer["status"] == 200 and b"Reporters Cross The River" in answer["body"]
    assert reader.renders == 2


def test_a_purge_made_while_the_cache_is_down_is_journaled_and_made_when_it_returns(site, reader, monkeypatch):
    url = site["article"].url
    reader.get(url)
    real = store.cache

    monkeypatch.setattr(store, "cache", cache_down)
    store.purge_now({f"comments:{site['article'].pk}"})
    assert list(MissedPurge.objects.values_list("tags", flat=True)) == [f"comments:{site['article'].pk}"]
    assert reader.get(url)["status"] == 200  # still away: journal kept, Django answers
    assert MissedPurge.objects.count() == 1
    monkeypatch.setattr(store, "cache", real)
    assert not reader.cached(url)  # the journaled purge went first
    assert not MissedPurge.objects.exists()
    assert reader.cached(url)


def test_a_purge_another_server_journaled_is_made_by_a_server_that_saw_redis_away(site, reader, monkeypatch):
    """Server A could not purge while Redis was away and journaled it; this process (server
    B) saw Redis away too (its breaker counted an outage): on its first request once Redis
    answers it makes A's purge, before reading the page."""
    url, other = site["article"].url, make_article(site["section"], "Quiet Elsewhere").url
    reader.get(url), reader.get(other)
    MissedPurge.objects.create(tags=f"comments:{site['article'].pk} unrelated:tag")
    monkeypatch.setattr(store.BREAKER, "outages", store.BREAKER.outages + 1)
    assert not reader.cached(url)
    assert reader.cached(other)  # exact: only the pages that showed the journaled tags
    assert not MissedPurge.objects.exists()
    assert "unrelated:tag" in store.PURGED


def test_a_purge_neither_cache_nor_database_took_is_kept_in_the_process(site, reader, monkeypatch):
    url = site["article"].url
    reader.get(url)
    real = store.cache

    def database_down(**kwargs):
        raise OperationalError("database unreachable")

    monkeypatch.setattr(store, "cache", cache_down)
    monkeypatch.setattr(MissedPurge.objects, "create", database_down)
    store.purge_now({f"article:{site['article'].pk}"})
    monkeypatch.setattr(store, "cache", real)
    assert not reader.cached(url)
    assert not store._pending


def test_a_render_killed_halfway_stores_nothing(site, reader, monkeypatch):
    """A worker killed while Django writes the body (its iterable stops with half a page):
    an entry is written only from a complete body, so the next reader gets a whole page."""
    url = site["article"].url
    django_app = reader.layer.app

    def killed_halfway(environ, start_response):
        body = b"".join(django_app(environ, start_response))

        def chunks():
            yield body[: len(body) // 2]
            raise SystemExit("worker killed")

        return chunks()

    reader.layer.app = killed_halfway
    with pytest.raises(SystemExit):
        reader.get(url)
    key = PageCache.key_for({"REQUEST_METHOD": "GET", "PATH_INFO": url, "HTTP_HOST": "localhost", "wsgi.url_scheme": "http"})
    assert store.get(key) is None
    store.unlock(key)  # as LOCK_SECONDS would, later
    reader.layer.app = django_app
    answer = reader.get(url)
    assert answer["status"] == 200 and answer["body"].rstrip().endswith(b"</html>")
    assert store.get(key) is not None


# -- exact purges -------------------------------------------------------------------------


@pytest.fixture
def newsroom(site):
    """Two sections, three articles, and every page of interest read once (cached)."""
    world, analysis = site["section"], make_section(site["home"], "Analysis")
    a = make_article(world, "Story A", date=aware(2021, 6, 3, 9), tags=["Diplomacy"])
    b = make_article(analysis, "Story B", date=aware(2021, 5, 20, 9), tags=["Oil"])
    pages = {
        "home": "/", "world": world.url, "analysis": analysis.url, "A": a.url, "B": b.url,
        "june": "/2021/06/", "may": "/2021/05/", "2021": "/2021/", "diplomacy": "/tag/diplomacy/", "oil": "/tag/oil/",
        "A comments feed": f"/comments/feed/{a.pk}/", "B comments feed": f"/comments/feed/{b.pk}/",
        "comments feed": "/comments/feed/", "sitemap": "/sitemap.xml",
    }
    reader = Reader()
    for path in pages.values():
        assert reader.get(path)["status"] == 200, path
    return {"a": a, "b": b, "world": world, "analysis": analysis, "pages": pages, "reader": reader}


def purged(newsroom) -> list[str]:
    reader = newsroom["reader"]
    return sorted(name for name, path in newsroom["pages"].items() if not reader.cached(path))


def test_an_approved_comment_purges_its_article_and_comment_feeds_only(newsroom, django_capture_on_commit_callbacks):
    with committed(django_capture_on_commit_callbacks):
        make_comment(newsroom["a"], body="New and approved")
    assert purged(newsroom) == ["A", "A comments feed", "comments feed"]
    assert b"New and approved" in newsroom["reader"].get(newsroom["a"].url)["body"]


def test_a_held_comment_purges_nothing_and_its_approval_purges_its_thread(newsroom, django_capture_on_commit_callbacks):
    with committed(django_capture_on_commit_callbacks):
        held = make_comment(newsroom["a"], body="Waiting", approve=False)
    assert purged(newsroom) == []
    with committed(django_capture_on_commit_callbacks):
        do_approve(held, actor=None)
    assert purged(newsroom) == ["A", "A comments feed", "comments feed"]


def test_editing_or_unapproving_a_public_comment_purges_its_thread(newsroom, django_capture_on_commit_callbacks):
    comment = make_comment(newsroom["b"], body="Original words")
    newsroom["reader"].get(newsroom["b"].url)
    newsroom["reader"].get(newsroom["pages"]["B comments feed"])
    newsroom["reader"].get(newsroom["pages"]["comments feed"])
    with committed(django_capture_on_commit_callbacks):
        do_edit_comment(comment, "Corrected words", actor=None)
    assert purged(newsroom) == ["B", "B comments feed", "comments feed"]
    assert b"Corrected words" in newsroom["reader"].get(newsroom["b"].url)["body"]
    from masthead.comments.actions import do_reject

    with committed(django_capture_on_commit_callbacks):
        do_reject(comment, actor=None)
    assert purged(newsroom) == ["B", "B comments feed", "comments feed"]
    assert b"Corrected words" not in newsroom["reader"].get(newsroom["b"].url)["body"]


def test_publishing_an_article_purges_the_listings_it_joins_and_nothing_else(newsroom, django_capture_on_commit_callbacks):
    with committed(django_capture_on_commit_callbacks):
        make_article(newsroom["world"], "Story C", date=aware(2021, 6, 10, 9), tags=["Diplomacy"])
    assert purged(newsroom) == ["2021", "diplomacy", "home", "june", "sitemap", "world"]
    assert b"Story C" in newsroom["reader"].get("/")["body"]


def test_editing_an_article_purges_every_page_that_shows_it(newsroom, django_capture_on_commit_callbacks):
    a = newsroom["a"]
    with committed(django_capture_on_commit_callbacks):
        a.title = "Story A, corrected"
        a.save_revision().publish()
    # B lists A in its related reading (both headlines say "Story"): B shows A's title too.
    assert purged(newsroom) == ["2021", "A", "B", "diplomacy", "home", "june", "sitemap", "world"]
    assert b"Story A, corrected" in newsroom["reader"].get("/2021/06/")["body"]
    assert b"Story A, corrected" in newsroom["reader"].get(newsroom["b"].url)["body"]


def test_unpublishing_an_article_takes_it_off_every_page_that_showed_it(newsroom, django_capture_on_commit_callbacks):
    with committed(django_capture_on_commit_callbacks):
        newsroom["b"].unpublish()
    # A linked to B from its related reading: kept, it would send readers to a 404.
    assert purged(newsroom) == ["2021", "A", "B", "analysis", "home", "may", "oil", "sitemap"]
    reader = newsroom["reader"]
    assert reader.get(newsroom["pages"]["B"])["status"] == 404
    assert b"Story B" not in reader.get("/")["body"]
    assert b"Story B" not in reader.get(newsroom["a"].url)["body"]


def test_a_donation_purges_no_page_and_every_page_shows_the_new_total(newsroom, django_capture_on_commit_callbacks):
    make_goal(500000)
    reader = newsroom["reader"]
    before = reader.get(newsroom["a"].url)
    with committed(django_capture_on_commit_callbacks):
        make_gift(123400)
    assert purged(newsroom) == []
    renders = reader.renders
    after = reader.get(newsroom["a"].url)
    assert reader.renders == renders  # spliced, not re-rendered
    assert b"1,234 $" in after["body"] and b"1,234 $" not in before["body"]
    assert after["header"]["etag"] != before["header"]["etag"]
    assert b"1,234 $" in reader.get("/")["body"]


def test_a_purge_reaches_every_server_sharing_the_cache(site, django_capture_on_commit_callbacks):
    """Two WSGI layers (two app servers, or two workers) holding the page in memory."""
    one, two = Reader(), Reader()
    url = site["article"].url
    for reader in (one, two, one, two):
        reader.get(url)
    assert one.renders + two.renders == 1  # the second server read what the first stored
    with committed(django_capture_on_commit_callbacks):
        make_comment(site["article"], body="Seen everywhere")
    assert b"Seen everywhere" in one.get(url)["body"]
    assert b"Seen everywhere" in two.get(url)["body"]
