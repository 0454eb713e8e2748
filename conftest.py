"""Fixtures shared by every app's tests: a small published site, and a real Chromium driven
by Playwright for the reader flows (Debian's /usr/bin/chromium, headless, --no-sandbox)."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# beside it are still synchronous and safe. Once it runs, Django sees a new connection
# object, so `serialized_rollback` cannot restore Wagtail's migration data after a
# transactional test: masthead.news.actions.do_install_home recreates the page-tree root.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MASTHEAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    """A published site: home, a section 'World' and one article with no comments."""
    from masthead.testing.builders import make_article, make_section, make_site

    home = make_site()
    section = make_section(home, "World")
    article = make_article(section, "Reporters Cross The River", paragraphs=("Paragraph one.", "Paragraph two."))
    return {"home": home, "section": section, "article": article}


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Chromium is not installed at {CHROMIUM} (.ci/run installs it)")
        pytest.skip(f"Chromium not installed at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
