#!/usr/bin/env python3
"""Regenerate docs/screenshots/: the public pages of the demo site in headless Chromium.

    make screenshots            (or: .venv/bin/python scripts/screenshots.py)

Builds the demo in a temporary directory, serves it with `masthead serve` on a free port,
and saves full-page PNGs at desktop (1280 px) and phone (390 px) widths; then gives by card
through the local fake Stripe (test mode, as `make demo` does) for the thank-you page, and
logs in as the demo editor for the dashboard, the fundraising report (at 1,400 px), the
ledger and its correction page, the moderation queue and a ban's confirmation. Run it whenever a public template or the
stylesheet changes, and commit the PNGs.
"""

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

from masthead.demo.server import demo_server
from masthead.fundraising.payments.fake_stripe import FakeStripe

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
LEAD = "/syria/pro-government-forces-continue-operations-against-isis-cells-in-central-syria-video/"
PAGES = [
    ("article", LEAD, [1280, 390]),
    ("home", "/", [1280, 390]),
    ("author", "/author/lina-haddad/", [1280, 390]),
    ("month-archive", "/2021/06/", [1280]),
    ("support", "/support/", [1280]),
]


def thank_you(browser, url) -> None:
    """A monthly gift of 25 $ through the fake Stripe's checkout, then the thank-you page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    page.goto(url + "/support/")
    page.locator("label.choice", has_text="Monthly").click()
    page.locator(".preset", has_text="25 $").click()
    page.get_by_role("button", name="Continue to secure payment").click()
    page.get_by_role("button", name="Pay (test mode)").click()
    page.wait_for_url("**/fundraising/thanks/**")
    save(page, "thanks-desktop", full_page=True)
    context.close()


def log_in(browser, server, width=1280):
    password = (server.var_dir / "demo-login.txt").read_text().split("password ", 1)[1].split()[0]
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    page.goto(server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def dashboard(browser, server) -> None:
    """The editor's dashboard: New article, drafts, scheduled, comments waiting."""
    page = log_in(browser, server)
    save(page, "editor-dashboard", full_page=False)
    page.context.close()


def fundraising_admin(browser, server) -> None:
    """The monthly report at 1,400 px (every column in view), the ledger and the page that
    corrects an entry."""
    page = log_in(browser, server, width=1400)
    page.goto(server.url + "/admin/fundraising-report/")
    save(page, "fundraising-report-1400")
    page.goto(server.url + "/admin/ledger/")
    save(page, "fundraising-ledger", full_page=False)
    page.locator("tbody tr").nth(1).locator("button[aria-label^='More options']").click()  # the row's "…" menu
    page.get_by_role("link", name="Correct this entry").click()
    page.wait_for_url("**/admin/ledger/correct/**")
    save(page, "fundraising-correct-entry")
    page.context.close()


def moderation_queue(browser, server) -> None:
    """The queue, and a ban's confirmation (what to block, who else used the address)."""
    page = log_in(browser, server)
    page.goto(server.url + "/admin/comments/")
    save(page, "comments-queue", full_page=False)
    page.keyboard.press("b")
    page.locator("dialog.mq-dialog").wait_for(state="visible")
    save(page, "comments-ban-dialog", full_page=False)
    page.context.close()


def save(page, name, full_page=True) -> None:
    target = OUT / f"{name}.png"
    page.screenshot(path=str(target), full_page=full_page)
    print(f"wrote {target.relative_to(ROOT)}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # Card gifts through the local fake Stripe, as in `make demo` (the server inherits these).
    fake = FakeStripe(webhook_secret="whsec_screenshots").start()
    os.environ.update(STRIPE_SECRET_KEY="sk_test_screenshots", STRIPE_WEBHOOK_SECRET="whsec_screenshots", STRIPE_API_BASE=fake.url)
    with demo_server(workers=1) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, path, widths in PAGES:
            for width in widths:
                phone = width < 600
                context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1, is_mobile=phone)
                page = context.new_page()
                page.goto(server.url + path, wait_until="domcontentloaded")
                save(page, f"{name}-{'phone' if phone else 'desktop'}")
                context.close()
        thank_you(browser, server.url)
        dashboard(browser, server)
        fundraising_admin(browser, server)
        moderation_queue(browser, server)
        browser.close()
    fake.stop()

if __name__ == "__main__":
    main()
