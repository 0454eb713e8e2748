import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest

from masthead.news.models import Author
from masthead.testing.builders import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    """A WebSub hub on the loopback interface that records what it is told."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            received.append(parse_qs(body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", received
    server.shutdown()


def test_publishing_an_article_pings_the_hub_for_every_feed_it_is_in(site, hub, settings, django_capture_on_commit_callbacks):
    settings.MASTHEAD_WEBSUB_HUB, received = hub
    author = Author.objects.create(name="Lina Haddad")
    with django_capture_on_commit_callbacks(execute=True):
        make_article(site["section"], "Breaking", tags=["Idlib"], author=author)
    urls = {ping["hub.url"][0] for ping in received}
    assert all(ping["hub.mode"] == ["publish"] for ping in received)
    assert urls == {
        "http://testserver/feed/", "http://testserver/feed/atom/",
        "http://testserver/feed/section/world/", "http://testserver/feed/section/world/atom/",
        "http://testserver/feed/tag/idlib/", "http://testserver/feed/tag/idlib/atom/",
        f"http://testserver/feed/author/{author.pk}/", f"http://testserver/feed/author/{author.pk}/atom/",
    }


def test_no_hub_configured_means_no_ping(site, hub, settings, django_capture_on_commit_callbacks):
    _, received = hub
    settings.MASTHEAD_WEBSUB_HUB = ""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(site["section"], "Quiet")
    assert received == []


def test_a_hub_that_is_down_does_not_fail_the_publish(site, settings, django_capture_on_commit_callbacks):
    settings.MASTHEAD_WEBSUB_HUB = "http://127.0.0.1:9/"  # discard port: nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(site["section"], "Still Published")
    assert article.live
