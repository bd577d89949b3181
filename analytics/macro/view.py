"""Everything the Macro page and the ``macro`` report show, computed once per as-of date."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analytics.data.base import PriceBatch
from analytics.data.fred_catalogue import CATALOGUE, CENTRAL_BANKS, FED_FUNDS_FUTURE, TARGET_RANGE_START
from analytics.macro import fed
from analytics.macro.event_study import (
    LARGE_INDEX,
    SMALL_INDEX,
    event_paths,
    event_returns,
    event_stats,
)
from analytics.macro.global_rates import BankRate, CutCounts, bank_rates, cut_counts
from analytics.macro.inputs import MacroInputs
from analytics.macro.pit import Figure, carried_to, latest_figure, year_over_year
from analytics.macro.recession import RecessionPanel, recession_intervals, recession_panel
from analytics.timeseries import lags_behind, last_on_or_before

#: Price series the page reads besides FRED: the indexes of the event study and the S&P 500
#: chart, IWM for the fed funds chart, and the fed funds future where the source has it.
PRICE_SYMBOLS = (LARGE_INDEX, SMALL_INDEX, "IWM", FED_FUNDS_FUTURE)
INFLATION_SERIES = ("CPIAUCSL", "CPILFESL", "PCEPILFE")
FUTURES_PAR = 100.0


@dataclass(frozen=True)
class TargetPath:
    """The policy target as it was: a single rate to 2008-12-15, a range after."""

    single: pd.Series
    upper: pd.Series
    lower: pd.Series
    spliced: pd.Series
    changes: pd.DataFrame


@dataclass
class MacroView:
    """The macro picture on one date (see :func:`build_view`)."""

    inputs: MacroInputs
    closes: pd.DataFrame
    price_failed: dict[str, str]
    price_ended: dict[str, pd.Timestamp]
    target: TargetPath
    events: list[fed.FedEvent]
    hike: fed.HikeStatus | None
    returns: pd.DataFrame
    stats: pd.DataFrame
    paths: dict
    recession: RecessionPanel
    recessions: list[tuple[pd.Timestamp, pd.Timestamp]]
    banks: list[BankRate]
    counts: CutCounts
    inflation: dict[str, pd.Series]
    figures: dict[str, Figure | None] = field(default_factory=dict)
    cuts_priced: pd.DataFrame | None = None
    futures_implied: tuple[pd.Timestamp, float] | None = None

    @property
    def as_of(self) -> pd.Timestamp:
        return self.inputs.as_of


def _target_path(inputs: MacroInputs) -> TargetPath:
    empty = pd.Series(dtype="float64", index=pd.DatetimeIndex([], name="date"))
    single = inputs.get("DFEDTAR")
    upper, lower = inputs.get("DFEDTARU"), inputs.get("DFEDTARL")
    single = single.loc[: pd.Timestamp(TARGET_RANGE_START) - pd.Timedelta(days=1)] if single is not None else empty
    spliced = fed.spliced_target(single if len(single) else None, upper)
    return TargetPath(single, upper if upper is not None else empty, lower if lower is not None else empty,
                      spliced, fed.target_changes(spliced))


def _cuts_priced(inputs: MacroInputs) -> pd.DataFrame | None:
    """DGS2 minus DFF on the days both exist (DFF carried over weekends to Treasury days)."""
    dgs2, dff = inputs.get("DGS2"), inputs.get("DFF")
    if dgs2 is None or dff is None:
        return None
    dff_on = carried_to(dff, dgs2.index)
    frame = pd.DataFrame({"DGS2": dgs2, "DFF": dff_on}).dropna()
    frame["two_year_minus_fed_funds"] = frame["DGS2"] - frame["DFF"]
    return frame if len(frame) else None


@dataclass(frozen=True)
class PolicyFacts:
    """The part of the macro picture a thesis' claims read: the series public on the date,
    the Fed's latest hike and the central banks' cuts. :class:`MacroView` carries the same
    attributes, computed by the same functions (:func:`policy_facts` is the cheap subset:
    no event study, recession panel or prices, a tenth of a full view per date)."""

    inputs: MacroInputs
    hike: fed.HikeStatus | None
    banks: list[BankRate]
    counts: CutCounts

    @property
    def as_of(self) -> pd.Timestamp:
        return self.inputs.as_of


#: The series :func:`policy_facts` reads: the Fed's target (single, then the range) and the
#: tracked central banks' rates.
POLICY_SERIES = ("DFEDTAR", "DFEDTARU", "DFEDTARL", *(bank.spec.series_id for bank in CENTRAL_BANKS))


def policy_facts(inputs: MacroInputs) -> PolicyFacts:
    """The hike and the banks of :func:`build_view`, from the same point-in-time ``inputs``."""
    banks = bank_rates(inputs)
    return PolicyFacts(inputs, fed.latest_hike(_target_path(inputs).changes, inputs.as_of), banks, cut_counts(banks))


def build_view(inputs: MacroInputs, batch: PriceBatch) -> MacroView:
    """The whole page's numbers from the point-in-time series and the price batch."""
    stamp = inputs.as_of
    closes = batch.closes([s for s in PRICE_SYMBOLS if s in batch.frames]).loc[:stamp]
    ended = {s: closes[s].last_valid_index() for s in closes
             if closes[s].last_valid_index() is not None and lags_behind(closes[s].last_valid_index(), stamp)}
    target = _target_path(inputs)
    all_events = fed.detect_events(target.changes)
    events = fed.known_events(all_events, stamp)
    returns = event_returns(events, closes, stamp)
    usrec = inputs.get("USREC")
    inflation = {sid: year_over_year(inputs.get(sid)).dropna() for sid in INFLATION_SERIES
                 if inputs.get(sid) is not None}
    figures: dict[str, Figure | None] = {
        sid: latest_figure(inputs.get(sid), CATALOGUE[sid], stamp) if inputs.get(sid) is not None else None
        for sid in ("DFF", "DFEDTARU", "DFEDTARL", "DFEDTAR", "T10Y2Y", "DGS2", "UNRATE", "SAHMREALTIME")
    }
    for sid, yoy in inflation.items():
        figures[f"{sid}_YOY"] = latest_figure(yoy, CATALOGUE[sid], stamp) if len(yoy) else None
    future = None
    if FED_FUNDS_FUTURE in closes:
        last = last_on_or_before(closes[FED_FUNDS_FUTURE], stamp)
        future = (last[0], FUTURES_PAR - last[1]) if last else None
    banks = bank_rates(inputs)
    return MacroView(
        inputs=inputs, closes=closes, price_failed=dict(batch.failed), price_ended=ended, target=target,
        events=events, hike=fed.latest_hike(target.changes, stamp), returns=returns,
        stats=event_stats(returns), paths=event_paths(events, closes, stamp),
        recession=recession_panel(inputs), recessions=recession_intervals(usrec) if usrec is not None else [],
        banks=banks, counts=cut_counts(banks), inflation=inflation, figures=figures,
        cuts_priced=_cuts_priced(inputs), futures_implied=future,
    )
