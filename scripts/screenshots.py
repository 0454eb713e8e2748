#!/usr/bin/env python3
"""Regenerate docs/screenshots/: the public pages of the demo site in headless Chromium.

    make screenshots            (or: .venv/bin/python scripts/screenshots.py)

Builds the demo in a temporary directory, serves it with `masthead serve` on a free port,
and saves full-page PNGs at desktop (1280 px) and phone (375 px) widths. Run it whenever a
public template or the stylesheet changes, and commit the PNGs.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
LEAD = "/syria/pro-government-forces-continue-operations-against-isis-cells-in-central-syria-video/"
PAGES = [
    ("article", LEAD, [1280, 375]),
    ("home", "/", [1280, 375]),
    ("month-archive", "/2021/06/", [1280]),
    ("support", "/support/", [1280]),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not answer within {seconds} s")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="masthead-shots-") as var:
        env = {**os.environ, "MASTHEAD_VAR_DIR": var, "PORT": str(free_port()), "WEB_CONCURRENCY": "1"}
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        subprocess.run([BIN / "masthead", "migrate", "-v0"], env=env, check=True)
        subprocess.run([BIN / "masthead", "load_demo"], env=env, check=True)
        server = subprocess.Popen([BIN / "masthead", "serve"], env=env)
        base = f"http://127.0.0.1:{env['PORT']}"
        try:
            wait_for(base + "/")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for name, path, widths in PAGES:
                    for width in widths:
                        phone = width < 600
                        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1, is_mobile=phone)
                        page = context.new_page()
                        page.goto(base + path, wait_until="domcontentloaded")
                        target = OUT / f"{name}-{'phone' if phone else 'desktop'}.png"
                        page.screenshot(path=str(target), full_page=True)
                        context.close()
                        print(f"wrote {target.relative_to(ROOT)}")
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
