"""Choices that depend on the active source: only offer tickers it actually has."""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui.loaders import load_prices


def available(spec: str, symbols: Sequence[str]) -> tuple[list[str], list[str]]:
    """``symbols`` split into those the source has prices for and those it lacks (order kept)."""
    batch = load_prices(spec, tuple(symbols))
    return [s for s in symbols if s in batch.frames], [s for s in symbols if s not in batch.frames]


def lacking_caption(lacking: Sequence[str], what: str) -> None:
    """Say which suggested tickers the source has no prices for (so they are not offered)."""
    if lacking:
        st.caption(f"Not in this source, so not offered as {what}: {', '.join(lacking)}.")
