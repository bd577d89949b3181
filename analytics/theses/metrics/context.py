"""What a metric reads: the source and the date, and the inputs several claims share.

A :class:`Context` is one (source, date) pair. Its loaders read prices, the macro view, a
universe's breadth and fund data once per context, so fifteen claims on the same date read
IWM's bars once; a server hands in its own cached loaders (``ui/theses.py``) so that the
numbers are the ones its pages already computed, and the default loaders call the same topic
functions directly. A :class:`Reading` is a metric's answer: a value, or ``None`` and why.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from analytics.breadth.report import BreadthInputs, breadth_inputs
from analytics.data.base import PriceBatch, Source
from analytics.data.funds import FundData
from analytics.errors import DataUnavailableError
from analytics.macro.inputs import MacroInputs, collect
from analytics.macro.view import POLICY_SERIES, MacroView, PolicyFacts, policy_facts
from analytics.report_values import check_as_of
from analytics.timeseries import STALE_AFTER_BUSINESS_DAYS, lags_behind, to_timestamp


@dataclass(frozen=True)
class Reading:
    """A metric's value on the date, or ``None`` and a one-line reason (never both empty)."""

    value: float | None
    reason: str = ""

    @classmethod
    def missing(cls, reason: str) -> Reading:
        """No value, and why (the source lacks the data, or it does not reach the date)."""
        return cls(None, reason)

    @classmethod
    def of(cls, value: float | None, reason: str) -> Reading:
        """``value`` when it is a number, else ``None`` with ``reason`` (NaN is no value)."""
        if value is None or value != value:
            return cls(None, reason)
        return cls(float(value))


@dataclass
class Loaders:
    """How a context reads its shared inputs; each ``None`` means the topic's own function.

    Attributes
    ----------
    prices : callable, optional
        ``symbols -> PriceBatch`` (default: ``source.prices``).
    macro_view : callable, optional
        ``as_of -> MacroView`` (default: :func:`analytics.macro.view.policy_facts` of the
        series public on the date, the subset of the view the claims read).
    breadth : callable, optional
        ``universe -> BreadthInputs`` (default: :func:`analytics.breadth.report.breadth_inputs`).
    fund_data : callable, optional
        ``symbol -> FundData``, raising a :class:`~analytics.errors.DashboardError` when the
        source has none (default: ``source.fund_data``).
    """

    prices: Callable[[Sequence[str]], PriceBatch] | None = None
    macro_view: Callable[[pd.Timestamp], MacroView | PolicyFacts] | None = None
    breadth: Callable[[str], BreadthInputs] | None = None
    fund_data: Callable[[str], FundData] | None = None


@dataclass
class Context:
    """One source on one date, with memos of what its metrics read."""

    source: Source
    as_of: pd.Timestamp
    loaders: Loaders = field(default_factory=Loaders)
    _memo: dict[tuple, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def on(cls, source: Source, as_of: date | str | pd.Timestamp, loaders: Loaders | None = None,
           shared: dict[tuple, Any] | None = None) -> Context:
        """A context for ``source`` on ``as_of``; ``shared``: the memo of another date's
        context on the same source (a timeline's dates read each input once).

        Sharing is point in time: every memo entry is either a whole history that each date
        cuts at itself (prices, member breadth, fund data with its fetch date) or keyed by its
        date (the macro view).
        """
        return cls(source, to_timestamp(as_of), loaders or Loaders(), {} if shared is None else shared)

    @property
    def day(self) -> str:
        return f"{self.as_of:%Y-%m-%d}"

    def _once(self, key: tuple, build: Callable[[], Any]) -> Any:
        # A failure is remembered too: the next claim on the same input gets the same reason.
        if key not in self._memo:
            try:
                self._memo[key] = build()
            except Exception as exc:  # noqa: BLE001 - re-raised below, for every claim that asks
                self._memo[key] = exc
        value = self._memo[key]
        if isinstance(value, Exception):
            raise value
        return value

    def prices(self, symbols: Sequence[str]) -> PriceBatch:
        key = tuple(symbols)
        load = self.loaders.prices or (lambda s: self.source.prices(list(s)))
        return self._once(("prices", key), lambda: load(key))

    def closes(self, symbols: Sequence[str]) -> pd.DataFrame:
        """Close columns of ``symbols`` (every one of them present), up to the date.

        Raises :class:`DataUnavailableError` naming a symbol the source has no prices for and
        :class:`~analytics.errors.AsOfError` for a date before one of them starts or in the
        future, as the report's sections do (:func:`~analytics.report_values.check_as_of`).
        """
        batch = self.prices(symbols)
        missing = [s for s in symbols if s not in batch.frames]
        if missing:
            raise DataUnavailableError("no prices for " + ", ".join(
                f"{s} ({batch.failed.get(s, 'no data')})" for s in missing))
        closes = batch.closes(list(symbols))
        check_as_of(self.as_of, max(closes[s].first_valid_index() for s in symbols))
        return closes.loc[: self.as_of]

    def bars(self, symbol: str) -> pd.DataFrame:
        """Daily bars of ``symbol`` up to the date (same checks as :meth:`closes`)."""
        batch = self.prices((symbol,))
        if symbol not in batch.frames:
            raise DataUnavailableError(f"no prices for {symbol} ({batch.failed.get(symbol, 'no data')})")
        frame = batch.frames[symbol]
        check_as_of(self.as_of, frame.index[0])
        return frame.loc[: self.as_of]

    def fred(self, series_id: str) -> pd.Series:
        """A FRED series' whole history as the source holds it, read once per memo (each
        date keeps what was public then: :func:`analytics.macro.inputs.collect`)."""
        return self._once(("fred", series_id), lambda: self.source.fred(series_id))

    def _collect(self, series_ids: Sequence[str]) -> MacroInputs:
        # The Macro page's point-in-time rule (collect) on just these series: what a view
        # of the whole catalogue would hold for them, at a fraction of its cost per date.
        return collect(self.fred, self.as_of, series_ids, vintage=getattr(self.source, "fred_vintage", None))

    def _policy_facts(self, stamp: pd.Timestamp) -> PolicyFacts:
        return policy_facts(self._collect(POLICY_SERIES))

    def macro_inputs(self, series_id: str) -> MacroInputs:
        """Point-in-time inputs holding ``series_id`` as published by the date: the page's
        view's when its loader is given, else that one series collected (memoized per date)."""
        if self.loaders.macro_view is not None:
            return self.macro_view().inputs
        return self._once(("macro_series", self.as_of, series_id), lambda: self._collect((series_id,)))

    def macro_view(self) -> MacroView | PolicyFacts:
        load = self.loaders.macro_view or self._policy_facts
        # Keyed by the date: the view holds only what was published by then.
        return self._once(("macro", self.as_of), lambda: load(self.as_of))

    def breadth(self, universe: str) -> BreadthInputs:
        load = self.loaders.breadth or (lambda u: breadth_inputs(self.source, u))
        return self._once(("breadth", universe), lambda: load(universe))

    def fund_data(self, symbol: str) -> FundData:
        load = self.loaders.fund_data or self.source.fund_data
        return self._once(("fund", symbol), lambda: load(symbol))

    def stale(self, last: pd.Timestamp | str | None, what: str) -> str:
        """Why figures whose data ends on ``last`` are not a reading of the date ("" if they are).

        Data ending more than ``STALE_AFTER_BUSINESS_DAYS`` business days before the date
        (member prices that stop two years early) gives no verdict, as on the old scorecard.
        """
        if last is not None and lags_behind(last, self.as_of, STALE_AFTER_BUSINESS_DAYS):
            return f"{what}: its data ends on {to_timestamp(last):%Y-%m-%d}, well before {self.day}"
        return ""
