"""How failures and caveats reach the screen: one sentence each, never a traceback."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import streamlit as st

from analytics.data.base import PriceBatch, SourceInfo
from analytics.timeseries import not_started, stale_symbols


def show_price_problems(batch: PriceBatch, wanted: Iterable[str] | None = None,
                        as_of: date | None = None) -> None:
    """Warn about symbols that returned nothing or end well before ``as_of``; show the batch's notes."""
    wanted_set = set(wanted) if wanted is not None else None
    failed: Mapping[str, str] = {
        s: why for s, why in batch.failed.items() if wanted_set is None or s in wanted_set
    }
    if failed:
        lines = "; ".join(f"**{s}**: {why}" for s, why in failed.items())
        st.warning(f"No data for {lines}. The rest of the page uses the symbols that loaded.")
    if as_of is not None:
        frames = {s: f for s, f in batch.frames.items() if wanted_set is None or s in wanted_set}
        for symbol, last in stale_symbols(frames, as_of).items():
            st.warning(f"**{symbol}** has no bars after {last:%Y-%m-%d}, well before the as-of date "
                       f"{as_of:%Y-%m-%d}: its figures are as of {last:%Y-%m-%d}.")
        late = not_started(frames, as_of)
        if late:
            starts = "; ".join(f"**{s}** from {first:%Y-%m-%d}" for s, first in late.items())
            st.warning(f"No bars on or before {as_of:%Y-%m-%d} for: {starts}. "
                       "They are left out here; move the as-of date later to include them.")
    for note in batch.notes:
        st.info(note)


def show_url_warnings() -> None:
    """Messages collected while reading the link's query string (bad values were replaced)."""
    for message in st.session_state.pop("_url_warnings", []):
        st.warning(message)


def source_banner(info: SourceInfo) -> None:
    """Every page says plainly when it is not showing market data."""
    if info.kind == "demo":
        st.info("**Demo data**: synthetic prices and macro series, not market data. "
                "Run with live access, or on a snapshot with `make run SOURCE=dir:PATH`, for real numbers.",
                icon=":material/science:")
    elif info.kind == "cache" and info.stale:
        st.warning("**Offline**: showing the last data cached on this machine; it may be out of date.",
                   icon=":material/cloud_off:")
    # A store kept warm by the refresh job (``--source cache``) is the normal hosted case, not
    # an outage: the sidebar says when its prices were last updated and marks them stale when a
    # job run was missed, so no banner here.
