"""``st.cache_data`` loaders: one network or disk read per argument set per TTL."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import streamlit as st

from analytics import indicators
from analytics.breadth import Breadth, breadth_from_panel, close_panel
from analytics.data.base import PriceBatch, Universe
from analytics.data.batch import fetch_in_chunks
from analytics.forward import FORWARD_SYMBOLS, ForwardView, forward_view
from ui.source import get_source

#: Live prices are re-read from the source (and so from its disk cache) this often.
DATA_TTL_S = 900
_MEMBER_LOADS = "_member_loads"


@st.cache_data(ttl=DATA_TTL_S, show_spinner="Loading prices...", max_entries=256)
def load_prices(spec: str, symbols: tuple[str, ...]) -> PriceBatch:
    """Daily bars for ``symbols`` (validated by the source), with failures and notes."""
    return get_source(spec).prices(list(symbols))


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=64)
def load_forward_view(spec: str, as_of: date) -> ForwardView:
    """Forward returns (price and total) of IWM, SPY, QQQ and IWM/SPY from ``as_of``, and the
    first touches of IWM's default Fibonacci targets (:func:`analytics.forward.forward_view`)."""
    return forward_view(load_prices(spec, FORWARD_SYMBOLS).frames, as_of)


@st.cache_data(ttl=DATA_TTL_S, show_spinner="Computing indicators...", max_entries=32)
def load_indicator_frames(spec: str, symbol: str, as_of: date) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Daily and weekly indicator frames of ``symbol`` up to ``as_of`` (``None``: no prices)."""
    batch = load_prices(spec, (symbol,))
    if symbol not in batch.frames:
        return None
    return indicators.daily_and_weekly(batch.frames[symbol], as_of)


class _ChunkLoader:
    """Adapts the cached chunk loader to the Source interface for ``fetch_in_chunks``."""

    def __init__(self, spec: str) -> None:
        self.spec = spec

    def prices(self, symbols, start=None) -> PriceBatch:
        return load_prices(self.spec, tuple(symbols))


@dataclass(frozen=True)
class MemberLoad:
    """Which members have prices (sorted), why the others have none, and the span of their
    prices (first and last day any member has a bar; None when none loaded). ``notes`` and
    ``fetched_at`` say how old stored member prices are (a stale universe panel)."""

    loaded: tuple[str, ...]
    failed: dict[str, str]
    first: date | None = None
    last: date | None = None
    notes: tuple[str, ...] = ()
    fetched_at: datetime | None = None


def _stored_members(spec: str, symbols, refresh: bool = False, progress=None, parts: bool = True):
    """Member prices from the store's universe panel (one bulk read; the source keeps the panel
    it read and re-reads only a newly published version), as the panel itself (no frame per
    member is built; with ``parts=False`` the manifest alone); ``None``: no panel covers them."""
    read = getattr(get_source(spec), "member_prices", None)
    return read(list(symbols), progress=progress, refresh=refresh, frames=False, parts=parts) if read else None


def _not_in(stored, symbols) -> list[str]:
    """Members the stored panel neither has prices for nor knows to have failed (loaded in chunks)."""
    if stored is None:
        return list(symbols)
    held = set(stored.held)
    return [s for s in symbols if s not in held and s not in stored.failed]


def load_members(spec: str, symbols: tuple[str, ...], label: str) -> MemberLoad:
    """Load member prices: the store's universe panel first, then any others in chunks (each
    chunk cached), with a progress bar while anything is fetched.

    A networked source brings a stale panel up to date first (or builds it for a universe
    whose list it has), with the progress bar; a store-only source shows the panel as stored.
    The page needs only which members loaded: the breadth itself comes from
    :func:`load_breadth`. The answer is kept in the session for ``DATA_TTL_S``, so a rerun
    (a slider move) reads nothing again.
    """
    key, now = (spec, symbols), time.monotonic()
    memo = st.session_state.setdefault(_MEMBER_LOADS, {})
    if key in memo and now - memo[key][0] < DATA_TTL_S:
        return memo[key][1]
    stored = _stored_members(spec, symbols, parts=False)
    bar = None

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Loading {label} member prices: {done} of {total}")

    try:
        if getattr(get_source(spec), "refreshes_members", False) and (stored is None or stored.stale):
            bar = st.progress(0.0, text=f"Updating {label} member prices...")
            stored = _stored_members(spec, symbols, refresh=True, progress=progress, parts=False) or stored
        rest = _not_in(stored, symbols)
        batch = PriceBatch()
        if rest:
            bar = bar or st.progress(0.0, text=f"Loading {label} member prices...")
            batch = fetch_in_chunks(_ChunkLoader(spec), rest, progress=progress)
    finally:
        if bar is not None:
            bar.empty()
    from_panel = stored.held if stored is not None else ()
    failed = {**(stored.failed if stored else {}), **batch.failed}
    spans = [(f.index[0], f.index[-1]) for f in batch.frames.values() if len(f)]
    if from_panel:
        spans.append(stored.span)
    result = MemberLoad(tuple(sorted({*from_panel, *batch.frames})), failed,
                        min(a for a, _ in spans).date() if spans else None,
                        max(b for _, b in spans).date() if spans else None,
                        tuple(stored.notes) if stored else (), stored.fetched_at if stored else None)
    memo[key] = (now, result)
    return result


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=16)
def load_universe(spec: str, name: str) -> Universe:
    """Members of a named universe, with the date the list was taken."""
    return get_source(spec).universe(name)


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=16)
def load_member_panel(spec: str, symbols: tuple[str, ...], as_of: date) -> pd.DataFrame:
    """Wide member closes up to ``as_of``: the store's panel (as load_members left it), the rest
    from the chunk caches load_members filled."""
    stored = _stored_members(spec, symbols)
    rest = _not_in(stored, symbols)
    if stored is not None and not rest:  # the usual case: one slice of the stored array
        return stored.panel.closes(stored.held, as_of)
    frames = stored.panel.frames(symbols) if stored is not None else {}
    if rest:
        frames.update(fetch_in_chunks(_ChunkLoader(spec), rest).frames)
    return close_panel({s: frames[s] for s in symbols if s in frames}, as_of)


@st.cache_data(ttl=DATA_TTL_S, show_spinner="Computing breadth...", max_entries=16)
def load_breadth(spec: str, symbols: tuple[str, ...], as_of: date) -> Breadth:
    """Breadth of ``symbols`` as of a date: the store's precomputed breadth of their universe
    cut at the date when the refresh job left one for exactly these members (identical, and no
    panel read), else computed from the same cached panel the baskets use."""
    read = getattr(get_source(spec), "member_breadth", None)
    stored = read(list(symbols), as_of) if read else None
    if stored is not None:
        return stored
    return breadth_from_panel(load_member_panel(spec, symbols, as_of), len(symbols))


# -- Valuation page -----------------------------------------------------------------------------

#: Fund ratios and member earnings change once a quarter; read again from the source daily.
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
    from analytics.figures.valuation import treemap_spec
    from analytics.valuation.report import member_weights
    from analytics.valuation.sectors import canonical_sectors, sector_weights, top_holdings

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
    from analytics.figures.valuation import heatmap_spec, rank_spec
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


@dataclass(frozen=True)
class SeriesUnavailable:
    """Why a FRED series could not be loaded (one sentence, no secret in it)."""

    series_id: str
    message: str


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=128)
def load_fred(spec: str, series_id: str) -> pd.Series | SeriesUnavailable:
    """One FRED series from the source, or a :class:`SeriesUnavailable` saying why not.

    A failure comes back as a value (and is cached like one) so a FRED outage costs one try
    per series per TTL, and the page shows the message for the affected chart only.
    """
    from analytics.errors import DashboardError

    try:
        return get_source(spec).fred(series_id)
    except DashboardError as exc:
        return SeriesUnavailable(series_id, str(exc))


@st.cache_resource(ttl=DATA_TTL_S, show_spinner="Computing the macro picture...", max_entries=32)
def load_macro_view(spec: str, as_of: date):
    """Everything the Macro page shows on ``as_of`` (:class:`analytics.macro.view.MacroView`).

    Each series comes from :func:`load_fred`; monthly ones from ALFRED vintages when the
    source offers them (``fred_vintage``: live with a FRED key). One shared object per
    date, not a copy per rerun (unpickling decades of series cost more than the page's
    drawing): the page only reads it.
    """
    from analytics.errors import DataUnavailableError
    from analytics.macro.inputs import collect
    from analytics.macro.view import PRICE_SYMBOLS, build_view

    def fetch(series_id: str) -> pd.Series:
        result = load_fred(spec, series_id)
        if isinstance(result, SeriesUnavailable):
            raise DataUnavailableError(result.message)
        return result

    vintage = getattr(get_source(spec), "fred_vintage", None)
    inputs = collect(fetch, as_of, vintage=vintage)
    return build_view(inputs, load_prices(spec, PRICE_SYMBOLS))


@st.cache_resource(ttl=DATA_TTL_S, max_entries=96, show_spinner=False)
def _memo_figure(name: str, spec: str, as_of: date, settings: tuple, _build):
    return _build()


def memo_figure(name: str, spec: str, as_of: date, settings: tuple, build):
    """The figure (or table) ``build()`` makes, built once per name, source, date and settings.

    Decades of macro history make figure building the slowest part of a Macro rerun;
    Streamlit copies a figure (``to_dict``) and serializes a table before sending them, and
    the page never changes either, so sharing one is safe.
    """
    return _memo_figure(name, spec, as_of, settings, build)
