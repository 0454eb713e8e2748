"""Content-Security-Policy (issue 9, low): no inline script on any public page, the same
header for every reader (a shared cache serves the same bytes), the embed framable."""

import re

import pytest
from django.test import Client

from masthead.core.csp import PAGE_POLICY
from masthead.fundraising.views import embed_policy
from masthead.testing.builders import make_comment, make_goal, make_support_page

pytestmark = pytest.mark.django_db
# JSON-LD (<script type="application/ld+json">) is a data block: browsers never run it, and CSP
# does not apply to it.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>|\son[a-z]+\s*=|javascript:", re.I)


@pytest.fixture
def pages(site):
    make_support_page(site["home"])
    make_goal(500000)
    make_comment(site["article"], "A reader's view.")
    return ["/", site["section"].url, site["article"].url, "/support/", "/fundraising/embed/", "/2026/", "/comments/feed/"]


def test_public_pages_run_no_inline_script_and_carry_the_policy(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html))
        if url == "/fundraising/embed/":
            assert response["Content-Security-Policy"] == embed_policy()
            continue
        assert "<style" not in html, url
        assert response["Content-Security-Policy"] == PAGE_POLICY, url


def test_the_embed_may_be_framed_anywhere_and_its_inline_style_is_allowed_by_hash(client, pages):
    import base64
    import hashlib

    html = client.get("/fundraising/embed/").content.decode()
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}';" in embed_policy()
    assert embed_policy().endswith("frame-ancestors *")


def test_the_policy_is_strict_and_the_same_bytes_for_every_reader(client, pages, site):
    assert "script-src 'self';" in PAGE_POLICY and "'unsafe-inline'" not in PAGE_POLICY.split("style-src-attr")[0]
    assert "nonce" not in PAGE_POLICY and "frame-ancestors 'self'" in PAGE_POLICY
    one, other = client.get(site["article"].url), Client(REMOTE_ADDR="198.51.100.9").get(site["article"].url)
    assert (one["Content-Security-Policy"], one.content) == (other["Content-Security-Policy"], other.content)


def test_the_editor_is_left_to_wagtail(client, site):
    assert "Content-Security-Policy" not in client.get("/admin/login/")
