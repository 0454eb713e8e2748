"""The attacker's probes (issue 9, items 1, 2 and 8) sent through the real nginx running the
configuration of docs/operations.md (deploy/nginx/masthead.conf, included verbatim but for
ports, certificate and paths) in front of `masthead serve` with the settings the docs give.

Two readers connect from two loopback addresses (127.0.0.2 and 127.0.0.3: every 127/8
address is local on Linux); nginx itself connects from 127.0.0.1, the trusted proxy. Each
reader must get their own rate limit and have their own address stored, whatever they
write in X-Forwarded-For themselves; no embargoed or protected article may leak through the
page, the comment form, the comment feeds or the sitemap.

Skipped when nginx is not installed, except in CI (CI=true), where that is a failure
(.ci/run installs nginx-light). Set MASTHEAD_TEST_PORTS=8500-8599 to keep the two servers in
a port range; by default they take free ephemeral ports.
"""

import http.client
import sqlite3
import ssl
import subprocess
from pathlib import Path

import pytest

from masthead.testing.nginx import edited, masthead_behind_nginx, require_nginx, send
from masthead.testing.processes import free_port

REPO = Path(__file__).resolve().parents[2]
NGINX_CONF = REPO / "deploy" / "nginx" / "masthead.conf"
HOST = "news.example.org"
READER_A, READER_B = "127.0.0.2", "127.0.0.3"

SETUP = """
import json
from django.utils import timezone
from wagtail.models import PageViewRestriction
from masthead.testing.builders import make_article, make_comment, make_section, make_site, set_comment_settings

home = make_site()
section = make_section(home, "World")
later = timezone.now() + timezone.timedelta(days=2)
made = {
    "live": make_article(section, "Live story", paragraphs=("LIVE-BODY-7f3a",)),
    "embargoed": make_article(section, "Embargoed scoop", date=later, paragraphs=("SECRET-BODY-embargoed",)),
    "password": make_article(section, "Password scoop", paragraphs=("SECRET-BODY-password",)),
    "login": make_article(section, "Members scoop", paragraphs=("SECRET-BODY-login",)),
}
PageViewRestriction.objects.create(page=made["password"], restriction_type=PageViewRestriction.PASSWORD, password="letmein")
PageViewRestriction.objects.create(page=made["login"], restriction_type=PageViewRestriction.LOGIN)
for key, article in made.items():
    if key != "live":
        make_comment(article, f"INSIDER-COMMENT-{key}", email=f"{key}@example.org")
set_comment_settings(rate_limit_count=2, min_fill_seconds=0, trusted_after=0)
print("SETUP=" + json.dumps({key: {"id": a.pk, "url": a.url, "title": a.title} for key, a in made.items()}))
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    require_nginx()
    tmp = tmp_path_factory.mktemp("nginx")
    var = tmp / "var"
    (var / "media").mkdir(parents=True)
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    app_port = free_port()
    proxy_port = free_port(taken={app_port})
    site_conf = edited(NGINX_CONF, (
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{proxy_port} ssl http2;"),
        ("/etc/letsencrypt/live/news.example.org/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/news.example.org/privkey.pem", str(key)),
        ("/srv/masthead/var/media/", f"{var / 'media'}/"),
    ))
    settings = dict(ALLOWED_HOSTS=HOST, BASE_URL=f"https://{HOST}", BEHIND_HTTPS_PROXY="true", TRUSTED_PROXIES="127.0.0.1,::1")
    with masthead_behind_nginx(tmp, site_conf, app_port, proxy_port, settings, SETUP) as (articles, _):
        yield {"port": proxy_port, "articles": articles, "db": var / "masthead.sqlite3"}


def request(stack, source: str, method: str, path: str, form: dict | None = None, headers: dict | None = None):
    """One HTTPS request to nginx from the loopback address `source`, as a browser sends it."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", stack["port"], source_address=(source, 0), context=context, timeout=30)
    return send(connection, HOST, method, path, form, {"User-Agent": "probe", **(headers or {})})


def comment(stack, source: str, article: str, text: str, email: str, **headers):
    form = {"author": f"Reader {source}", "email": email, "comment": text, "article": str(stack["articles"][article]["id"])}
    return request(stack, source, "POST", "/comments/post/", form, headers)


def stored_addresses(stack) -> dict[str, str]:
    with sqlite3.connect(stack["db"]) as db:
        return dict(db.execute("SELECT body, ip_address FROM comments_comment WHERE body LIKE 'probe %'"))


def test_two_readers_behind_nginx_have_their_own_limits_and_addresses(stack):
    # Reader A also claims to be somebody else: nginx appends the real address, which wins.
    for n in (1, 2):
        status, headers, _ = comment(stack, READER_A, "live", f"probe A{n} from the first reader.", "a@example.org", **{"X-Forwarded-For": "198.51.100.9"})
        assert status == 303, headers
    status, headers, body = comment(stack, READER_A, "live", "probe A3 from the first reader.", "a3@example.org")
    assert status == 429
    assert "your address posted 2 comments in the last 10 minutes" in body
    for n in (1, 2):
        status, headers, _ = comment(stack, READER_B, "live", f"probe B{n} from the second reader.", f"b{n}@example.org")
        assert status == 303, f"the second reader was limited by the first reader's posts: {status}"
    assert stored_addresses(stack) == {
        "probe A1 from the first reader.": READER_A,
        "probe A2 from the first reader.": READER_A,
        "probe B1 from the second reader.": READER_B,
        "probe B2 from the second reader.": READER_B,
    }


@pytest.mark.parametrize("which", ["embargoed", "password", "login"])
def test_probes_through_nginx_never_reveal_a_hidden_article(stack, which):
    article = stack["articles"][which]
    secret = f"SECRET-BODY-{which}"

    status, _, body = comment(stack, READER_B, which, "probe on a hidden article.", "probe@example.org")
    assert (status, body) == (400, "This comment does not name a published article.")

    status, _, body = request(stack, READER_B, "GET", article["url"])
    assert status == {"embargoed": 404, "password": 200, "login": 302}[which]
    assert secret not in body

    status, _, body = request(stack, READER_B, "GET", f"/comments/feed/{article['id']}/")
    assert status == 404 and f"INSIDER-COMMENT-{which}" not in body
    status, _, body = request(stack, READER_B, "GET", "/comments/feed/")
    assert status == 200 and f"INSIDER-COMMENT-{which}" not in body

    status, _, body = request(stack, READER_B, "GET", "/sitemap.xml")
    assert status == 200 and article["url"] not in body and stack["articles"]["live"]["url"] in body


def test_the_live_article_is_served_through_nginx(stack):
    status, headers, body = request(stack, READER_B, "GET", stack["articles"]["live"]["url"])
    assert status == 200 and "LIVE-BODY-7f3a" in body
    assert headers.get("strict-transport-security", "").startswith("max-age=")  # X-Forwarded-Proto reached Django


def test_the_docs_show_the_configuration_this_test_runs():
    docs = (REPO / "docs" / "operations.md").read_text()
    assert f"```nginx\n{NGINX_CONF.read_text()}```\n" in docs
