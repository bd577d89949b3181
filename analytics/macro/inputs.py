"""Read the catalogue from a source once, point in time, and say what is missing.

A series the source lacks, one that starts after the as-of date and one that ends well
before it are all reported in one sentence naming the series and its dates, so each chart
can say what it cannot draw while the rest of the page carries on.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from analytics.data.fred_catalogue import CATALOGUE, SeriesSpec
from analytics.errors import DashboardError
from analytics.macro.pit import Method, available_from, known_on
from analytics.timeseries import to_timestamp

Fetch = Callable[[str], pd.Series]
VintageFetch = Callable[[str, date], pd.Series]
#: A series whose next observation should have been public this many days ago is "ended":
#: daily series skip holidays, weekly ones a late week, monthly ones a late release.
GRACE_DAYS = {"daily": 10, "weekly": 21, "monthly": 45}
_NEXT_PERIOD = {"daily": pd.Timedelta(days=1), "weekly": pd.Timedelta(days=7),
                "monthly": pd.DateOffset(months=1)}


@dataclass
class MacroInputs:
    """The catalogue as known on ``as_of``.

    Attributes
    ----------
    series : dict
        Id to the observations public on ``as_of`` (may be empty: the series starts later).
    spans : dict
        Id to the first and last observation the source holds (after ``as_of`` too).
    missing : dict
        Id to why the source has no such series.
    methods : dict
        Id to ``"vintage"`` or ``"release lag"``.
    """

    as_of: pd.Timestamp
    series: dict[str, pd.Series] = field(default_factory=dict)
    spans: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    methods: dict[str, Method] = field(default_factory=dict)

    def get(self, series_id: str) -> pd.Series | None:
        """The point-in-time series, or ``None`` when the source lacks it or it has no
        observation public by the as-of date."""
        series = self.series.get(series_id)
        return series if series is not None and len(series.dropna()) else None

    def gap(self, series_id: str) -> str | None:
        """One sentence when ``series_id`` is missing, not started or ended; else ``None``."""
        spec = CATALOGUE[series_id]
        name = f"{spec.title} ({series_id})"
        if series_id in self.missing:
            return f"{name} is not available from this source ({self.missing[series_id]})."
        first, last = self.spans[series_id]
        known = self.series.get(series_id)
        if known is None or known.dropna().empty:
            return (f"{name} starts on {first:%Y-%m-%d}, after the as-of date {self.as_of:%Y-%m-%d}"
                    f"{' (first public ' + _first_public(first, spec) + ')' if spec.release_lag_days else ''}.")
        last_known = known.dropna().index[-1]
        if spec.ends is not None and last_known >= pd.Timestamp(spec.ends):
            return None  # discontinued on purpose (the single fed funds target, replaced by a range)
        if _ended(last_known, spec, self.as_of):
            return (f"{name} ends on {last_known:%Y-%m-%d} in this source"
                    f" (it runs {first:%Y-%m-%d} to {last:%Y-%m-%d}): shown up to there.")
        return None

    def gaps(self, series_ids: Iterable[str]) -> list[str]:
        """:meth:`gap` for each id that has one."""
        return [text for text in (self.gap(s) for s in series_ids) if text]


def _first_public(first: pd.Timestamp, spec: SeriesSpec) -> str:
    return f"{available_from(pd.DatetimeIndex([first]), spec)[0]:%Y-%m-%d}"


def _ended(last: pd.Timestamp, spec: SeriesSpec, as_of: pd.Timestamp) -> bool:
    next_public = available_from(pd.DatetimeIndex([last + _NEXT_PERIOD[spec.frequency]]), spec)[0]
    return as_of > next_public + pd.Timedelta(days=GRACE_DAYS[spec.frequency])


def _reason(exc: Exception, series_id: str) -> str:
    text = str(exc)
    prefix = f"FRED {series_id}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def collect(fetch: Fetch, as_of: date | str | pd.Timestamp, series_ids: Iterable[str] | None = None,
            vintage: VintageFetch | None = None, today: date | None = None) -> MacroInputs:
    """Fetch each id and keep what was public on ``as_of``.

    Parameters
    ----------
    fetch : callable
        ``series_id -> Series`` (a source's ``fred`` or a cached loader); typed errors
        (:class:`~analytics.errors.DashboardError`) mark the series missing.
    vintage : callable, optional
        ``(series_id, as_of) -> Series`` from ALFRED. Used for monthly series when the
        as-of date is before ``today``; a failed vintage falls back to the release lag.
    """
    stamp = to_timestamp(as_of)
    today_stamp = to_timestamp(today or date.today())
    inputs = MacroInputs(as_of=stamp)
    for series_id in series_ids if series_ids is not None else CATALOGUE:
        spec = CATALOGUE[series_id]
        try:
            full = fetch(series_id)
        except DashboardError as exc:
            inputs.missing[series_id] = _reason(exc, series_id)
            continue
        if full is None or full.dropna().empty:
            inputs.missing[series_id] = "no observations"
            continue
        inputs.spans[series_id] = (full.index[0], full.index[-1])
        known_vintage = None
        if vintage is not None and spec.frequency == "monthly" and stamp < today_stamp:
            try:
                known_vintage = vintage(series_id, stamp.date())
            except DashboardError:
                known_vintage = None
        inputs.series[series_id], inputs.methods[series_id] = known_on(full, spec, stamp, known_vintage)
    return inputs
