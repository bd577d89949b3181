"""Loaders of the Valuation page: fund data, holdings, member earnings, the bottom-up P/E,
recorded valuation history and sector funds, cached per source and date."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from ui.loaders import DATA_TTL_S
from ui.source import get_source

FUNDS_TTL_S = 24 * 3600
_FUNDAMENTAL_LOADS = "_fundamental_loads"


@st.cache_data(ttl=FUNDS_TTL_S, show_spinner="Loading fund data...", max_entries=64)
def load_fund_data(spec: str, symbol: str):
    """A fund's ``FundData``, or the one-line reason it is not available (cached either way)."""
    from analytics.errors import DashboardError

    try:
        return get_source(spec).fund_data(symbol)
    except DashboardError as exc:
        return str(exc)


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=16)
def load_holdings(spec: str, fund: str):
    """A fund's ``Holdings``, or the reason there are none from this source."""
    from analytics.errors import DashboardError

    try:
        return get_source(spec).holdings(fund)
    except DashboardError as exc:
        return str(exc)


@dataclass(frozen=True)
class HoldingsView:
    """What the page shows of a fund's holdings, computed once per source and fund."""

    as_of: date | None
    frame: pd.DataFrame
    weights: pd.DataFrame
    apart: dict
    top: pd.DataFrame
    member_weights: pd.Series
    note: str
    treemap: dict


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=16)
def load_holdings_view(spec: str, fund: str):
    """Sector weights, top 10 and member weights of a fund, or why there are no holdings."""
    from analytics.data.gics import canonical_sectors
    from analytics.valuation.figures import treemap_spec
    from analytics.valuation.report import member_weights
    from analytics.valuation.sectors import sector_weights, top_holdings

    held = load_holdings(spec, fund)
    if isinstance(held, str):
        return held
    weights, apart = sector_weights(held.frame)
    frame = held.frame.assign(sector=canonical_sectors(held.frame["sector"]))
    return HoldingsView(held.as_of, frame, weights, apart, top_holdings(frame), member_weights(frame), held.note,
                        treemap_spec(frame, fund))


@st.cache_data(ttl=FUNDS_TTL_S, show_spinner=False, max_entries=256)
def _fundamentals_chunk(spec: str, symbols: tuple[str, ...]):
    from analytics.data.funds import FundamentalsBatch
    from analytics.errors import DashboardError

    try:
        return get_source(spec).equity_fundamentals(list(symbols))
    except DashboardError as exc:
        return FundamentalsBatch(failed={s: str(exc) for s in symbols})


class _FundamentalsLoader:
    def __init__(self, spec: str) -> None:
        self.spec = spec

    def equity_fundamentals(self, symbols):
        return _fundamentals_chunk(self.spec, tuple(symbols))


def load_member_fundamentals(spec: str, symbols: tuple[str, ...], label: str):
    """Member EPS and prices in chunks (each cached for a day) with a progress bar; the merged
    answer is kept in the session so a rerun does not merge the chunks again."""
    from analytics.data.funds import fundamentals_in_chunks

    key, now = (spec, symbols), time.monotonic()
    memo = st.session_state.setdefault(_FUNDAMENTAL_LOADS, {})
    if key in memo and now - memo[key][0] < FUNDS_TTL_S:
        return memo[key][1]
    bar = st.progress(0.0, text=f"Loading {label} member earnings...")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Loading {label} member earnings: {done} of {total}")

    try:
        batch = fundamentals_in_chunks(_FundamentalsLoader(spec), symbols, progress=progress)
    finally:
        bar.empty()
    memo[key] = (now, batch)
    return batch


_BOTTOM_UP = "_bottom_up"


def load_bottom_up(spec: str, slug: str, basis: str, weights: pd.Series | None, batch):
    """Bottom-up P/E and the member table, computed once per loaded batch and basis.

    ``weights`` ``None`` (an index whose weights we lack, the S&P 500): market-cap weights of
    the members with a market cap, in percent.
    """
    from analytics.valuation.bottom_up import bottom_up_pe, cap_weights, member_table

    memo = st.session_state.setdefault(_BOTTOM_UP, {})
    key = (spec, slug, basis)
    if key in memo and memo[key][0] is batch:
        return memo[key][1]
    weights = cap_weights(batch.frame) if weights is None else weights
    answer = (bottom_up_pe(weights, batch.frame, basis), member_table(weights, batch.frame))
    memo[key] = (batch, answer)
    return answer


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=64)
def load_valuation_series(spec: str, field: str, as_of: date) -> pd.DataFrame:
    """One recorded field, date x fund, up to the as-of date."""
    from analytics.valuation.history import series_of

    return series_of(load_valuation_records(spec)[0], field, as_of)


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=32)
def load_sector_performance(spec: str, as_of: date) -> pd.DataFrame:
    """Sector fund returns and ranks as of a date (SPDR and, where priced, S&P 600 funds)."""
    from analytics.valuation.report import sector_performance_table

    return sector_performance_table(get_source(spec), as_of)


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=32)
def load_sector_groups(spec: str, as_of: date) -> list[str]:
    """The sector fund groups this source has prices for (the SPDR group always)."""
    return list(dict.fromkeys(load_sector_performance(spec, as_of)["group"]))


@dataclass(frozen=True)
class SectorView:
    """One group of sector funds as of a date: its rows, the table on screen, the figure specs."""

    part: pd.DataFrame
    table: pd.DataFrame
    heatmap: dict
    ranks: dict | None
    leaders: str | None


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=64)
def load_sector_view(spec: str, as_of: date, group: str) -> SectorView:
    from analytics.valuation.figures import heatmap_spec, rank_spec
    from analytics.valuation.sector_performance import WINDOWS, display_table
    from analytics.valuation.text import leaders_sentence

    perf = load_sector_performance(spec, as_of)
    part = perf[perf["group"] == group]
    ranked = part[["rank_3m", "rank_1w"]].notna().all(axis=1).any()
    table = display_table(part)  # best week first: the heatmap rows in the same order
    return SectorView(part, table, heatmap_spec(part.loc[table.index], WINDOWS),
                      rank_spec(part) if ranked else None, leaders_sentence(part, as_of))


def valuation_store():
    """The store that keeps valuation records and imported history: the app's shared store
    (``MARKET_STORE_URL``), so every replica and the refresh job see the same history."""
    from analytics.config import load_settings
    from analytics.data import open_store
    from ui.source import _secrets

    return open_store(load_settings(secrets=_secrets()))


def import_history(data: bytes, filename: str) -> pd.DataFrame:
    """Validate an uploaded ``date,<series>...`` file and keep it; raises ``HistoryImportError``."""
    from analytics.valuation.history import name_after_file, parse_history_csv, save_import

    imported = name_after_file(parse_history_csv(data.decode("utf-8", errors="replace")), filename)
    save_import(valuation_store(), imported)
    return imported


def kept_imports() -> pd.DataFrame:
    """Every imported history kept in the store (date x series)."""
    from analytics.valuation.history import read_imports

    return read_imports(valuation_store())


def remove_import(name: str) -> None:
    from analytics.valuation.history import delete_import

    delete_import(valuation_store(), name)


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=8)
def load_valuation_records(spec: str) -> tuple[pd.DataFrame, str]:
    """Kept valuation records of this source's namespace (and the demo's seeded past)."""
    from analytics.valuation.history import history_namespace, read_records

    source = get_source(spec)
    namespace = history_namespace(source.info().kind)
    records = read_records(valuation_store(), namespace)
    seed = getattr(source, "seed_valuation_records", None)
    if seed is not None:
        records = pd.concat([seed(), records], ignore_index=True)
    return records, namespace


# --- Macro page ---------------------------------------------------------------------------
