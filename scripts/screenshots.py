#!/usr/bin/env python3
"""Regenerate docs/screenshots/: the public pages of the demo site in headless Chromium.

    make screenshots            (or: .venv/bin/python scripts/screenshots.py)

Builds the demo in a temporary directory, serves it with `masthead serve` on a free port,
and saves full-page PNGs at desktop (1280 px) and phone (375 px) widths. Run it whenever a
public template or the stylesheet changes, and commit the PNGs.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

from masthead.demo.server import demo_server

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
LEAD = "/syria/pro-government-forces-continue-operations-against-isis-cells-in-central-syria-video/"
PAGES = [
    ("article", LEAD, [1280, 375]),
    ("home", "/", [1280, 375]),
    ("month-archive", "/2021/06/", [1280]),
    ("support", "/support/", [1280]),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with demo_server(workers=1) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, path, widths in PAGES:
            for width in widths:
                phone = width < 600
                context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1, is_mobile=phone)
                page = context.new_page()
                page.goto(server.url + path, wait_until="domcontentloaded")
                target = OUT / f"{name}-{'phone' if phone else 'desktop'}.png"
                page.screenshot(path=str(target), full_page=True)
                context.close()
                print(f"wrote {target.relative_to(ROOT)}")
        browser.close()

if __name__ == "__main__":
    main()
