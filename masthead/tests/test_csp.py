"""Content-Security-Policy (issue 9, low): no inline script on any public page, the same
header for every reader (a shared cache serves the same bytes), the embed framable."""

import re

import pytest
from django.test import Client

from masthead.core.csp import EMBED_POLICY, PAGE_POLICY
from masthead.testing.builders import make_comment, make_goal, make_support_page

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:", re.I)


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
        assert "<style" not in html, url
        expected = EMBED_POLICY if url == "/fundraising/embed/" else PAGE_POLICY
        assert response["Content-Security-Policy"] == expected, url


def test_the_policy_is_strict_and_the_same_bytes_for_every_reader(client, pages, site):
    assert "script-src 'self';" in PAGE_POLICY and "'unsafe-inline'" not in PAGE_POLICY.split("style-src-attr")[0]
    assert "nonce" not in PAGE_POLICY and "frame-ancestors 'self'" in PAGE_POLICY
    assert EMBED_POLICY.endswith("frame-ancestors *")
    one, other = client.get(site["article"].url), Client(REMOTE_ADDR="198.51.100.9").get(site["article"].url)
    assert (one["Content-Security-Policy"], one.content) == (other["Content-Security-Policy"], other.content)


def test_the_editor_is_left_to_wagtail(client, site):
    assert "Content-Security-Policy" not in client.get("/admin/login/")
