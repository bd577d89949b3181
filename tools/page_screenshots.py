"""Screenshot every page of a running app at one date, to compare two versions by eye and by pixel.

``python -m tools.page_screenshots shoot URL DIR [--as-of DATE]`` writes ``DIR/<page>.png``
(full page, headless Debian Chromium); ``python -m tools.page_screenshots compare A B`` prints,
per page, the share of pixels that differ and exits 1 when a page differs by more than
``--tolerance`` (anti-aliasing and a clock in the sidebar move a few pixels).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

PAGES = ("scorecard", "overview", "valuation", "breadth", "macro", "technicals", "seasonality")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
#: Tall enough for a whole page: Streamlit scrolls inside its main block, so a full-page
#: screenshot holds only the viewport.
VIEWPORT_HEIGHT = 6000
#: A page counts as changed when more than this share of its pixels differ.
TOLERANCE = 0.002
#: The page has finished: no run in progress and no placeholder waiting for its element.
IDLE = ("!document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')")
#: How long the page must stay idle before the picture is taken.
SETTLE_MS = 2500


def shoot(url: str, folder: Path, as_of: str) -> int:
    """One full-page PNG per page, each after the page has stopped running."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": VIEWPORT_HEIGHT})
        for name in PAGES:
            page.goto(f"{url.rstrip('/')}/{name}?as_of={as_of}", timeout=120_000)
            page.wait_for_selector("[data-testid='stMain']", timeout=120_000)
            for _ in range(2):  # idle, settled, and still idle: a fragment may start after the first
                page.wait_for_function(IDLE, timeout=180_000)
                page.wait_for_timeout(SETTLE_MS)
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            print(f"{name}: {folder / (name + '.png')}")
        browser.close()
    return 0


def compare(left: Path, right: Path, tolerance: float = TOLERANCE) -> int:
    """The share of differing pixels per page (a different size counts as all of them)."""
    import numpy as np
    from PIL import Image

    worst = 0.0
    for name in PAGES:
        a, b = (np.asarray(Image.open(folder / f"{name}.png").convert("RGB")) for folder in (left, right))
        share = 1.0 if a.shape != b.shape else float((a != b).any(axis=2).mean())
        worst = max(worst, share)
        print(f"{name}: {share:.4%} of pixels differ ({a.shape[1]}x{a.shape[0]} vs {b.shape[1]}x{b.shape[0]})")
    return 1 if worst > tolerance else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.page_screenshots", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("shoot")
    s.add_argument("url")
    s.add_argument("folder", type=Path)
    s.add_argument("--as-of", default="2023-11-28")
    c = sub.add_parser("compare")
    c.add_argument("left", type=Path)
    c.add_argument("right", type=Path)
    c.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = parser.parse_args(argv)
    if args.command == "shoot":
        return shoot(args.url, args.folder, args.as_of)
    return compare(args.left, args.right, args.tolerance)


if __name__ == "__main__":
    sys.exit(main())
