"""What only a browser shows about bad uploads: Streamlit's own size limit under the uploader,
and the page's one-sentence answers to a binary file and to formula-like cells."""
from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 45_000
LIMIT_MB = 10  # server.maxUploadSize in .streamlit/config.toml


def _upload(page, server: str, name: str, data: bytes) -> str:
    page.goto(f"{server}/breadth?as_of=2023-11-28&universe=Custom+list")
    page.get_by_text("Upload a CSV to compute breadth").wait_for(timeout=RENDER_TIMEOUT_MS)
    page.locator("input[type=file]").set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})
    return name


def test_a_file_over_the_size_limit_is_refused_under_the_uploader(page, demo_server):
    _upload(page, demo_server, "huge.csv", b"symbol\n" + b"IWM\n" * ((LIMIT_MB * 1024 * 1024) // 4 + 10))
    page.get_by_text(f"File must be {LIMIT_MB:.1f}MB or smaller").wait_for(timeout=RENDER_TIMEOUT_MS)
    body = page.inner_text("body")
    assert "Traceback" not in body and "Upload a CSV to compute breadth" in body


def test_a_binary_file_gets_one_sentence(page, demo_server):
    _upload(page, demo_server, "noise.csv", os.urandom(20_000) + b"\x00")
    page.get_by_text("That file can't be used: the file is not text").wait_for(timeout=RENDER_TIMEOUT_MS)
    assert "Traceback" not in page.inner_text("body")


def test_formula_cells_are_ignored_and_named(page, demo_server):
    _upload(page, demo_server, "list.csv", b"symbol\nIWM\nSPY\n=1+1\n@SUM(A1)\nQQQ\n")
    page.get_by_text("Ignored 2 cells that are not tickers").wait_for(timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=RENDER_TIMEOUT_MS)
    assert "Traceback" not in page.inner_text("body")
