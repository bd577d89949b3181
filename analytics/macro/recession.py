"""Recession risk: each indicator with its threshold, its rule as data, and a light.

Rules (the thresholds are the usual reading of each indicator, not fitted here):

* Sahm rule (``SAHMREALTIME``): 3-month average unemployment minus its low of the prior
  12 months; Sahm (2019) dates a recession from 0.50 points.
* Unemployment vs its 12-month low: ``UNRATE[t] - min(UNRATE[t-11..t])``, same scale.
* Initial claims: the 4-week average against its lowest 4-week average of the past 52
  weeks; rises of 20 % or more have come with every recession since 1970.
* Curves (``T10Y2Y``, ``T10Y3M``): inverted (below zero) is the warning; recessions have
  tended to begin after the curve un-inverts, so an un-inversion in the past 12 months is red.
* High-yield spread (``BAMLH0A0HYM2``): above 5 % credit is pricing stress, above 7 % a
  recession (2001, 2008, 2020 all passed it).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from analytics.data.fred_catalogue import BAMLH0A0HYM2, ICSA, SAHMREALTIME, T10Y2Y, T10Y3M, UNRATE, SeriesSpec
from analytics.macro.inputs import MacroInputs
from analytics.macro.pit import latest_figure
from analytics.timeseries import to_timestamp

Light = Literal["green", "amber", "red", "n/a"]
CLAIMS_AVERAGE_WEEKS = 4
CLAIMS_LOW_WEEKS = 52
UNEMPLOYMENT_LOW_MONTHS = 12
#: An inversion counts when the curve stays below zero this many observations (merging
#: positive blips shorter than ``INVERSION_MERGE_DAYS``): a one-day dip is noise.
MIN_INVERSION_DAYS = 20
INVERSION_MERGE_DAYS = 20
UNINVERSION_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class LevelRule:
    """Green below ``amber_at``, amber from it, red from ``red_at``."""

    amber_at: float
    red_at: float
    unit: str

    def light(self, value: float | None) -> Light:
        if value is None or math.isnan(value):
            return "n/a"
        return "red" if value >= self.red_at else "amber" if value >= self.amber_at else "green"

    def text(self) -> str:
        return (f"green below {self.amber_at:g}{self.unit}, amber from {self.amber_at:g}{self.unit}, "
                f"red from {self.red_at:g}{self.unit}")


SAHM_RULE = LevelRule(0.3, 0.5, " pt")
UNEMPLOYMENT_RULE = LevelRule(0.3, 0.5, " pt")
CLAIMS_RULE = LevelRule(10.0, 20.0, " %")
HY_SPREAD_RULE = LevelRule(5.0, 7.0, " %")
CURVE_RULE_TEXT = ("green: not inverted; amber: inverted (below 0); red: un-inverted within the "
                   f"last {UNINVERSION_WINDOW_MONTHS} months after an inversion of {MIN_INVERSION_DAYS}+ days")


@dataclass(frozen=True)
class Signal:
    """One recession indicator as of a date."""

    key: str
    name: str
    short: str
    series_id: str
    value: float | None
    display: str
    period: str | None
    threshold: str
    rule: str
    light: Light
    note: str = ""


@dataclass(frozen=True)
class Inversion:
    """A spell below zero: first day inverted, first day back above (``None``: still inverted)."""

    start: pd.Timestamp
    end: pd.Timestamp | None


def recession_intervals(usrec: pd.Series) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """NBER recessions from the monthly 0/1 ``USREC``: (first day of the first month at 1,
    last day of the last month at 1) for each run of ones."""
    flags = usrec.dropna() >= 0.5
    intervals, start, previous = [], None, None
    for when, on in flags.items():
        if on and start is None:
            start = when
        elif not on and start is not None:
            intervals.append((start, previous + pd.offsets.MonthEnd(0)))
            start = None
        previous = when
    if start is not None:
        intervals.append((start, previous + pd.offsets.MonthEnd(0)))
    return intervals


def unemployment_gap(unrate: pd.Series) -> pd.Series:
    """``UNRATE[t] - min(UNRATE[t-11 months .. t])``, matched by date (gaps stay gaps)."""
    monthly = unrate.dropna()
    window = pd.concat([monthly.reindex(monthly.index - pd.DateOffset(months=k)).set_axis(monthly.index)
                        for k in range(UNEMPLOYMENT_LOW_MONTHS)], axis=1)
    return (monthly - window.min(axis=1, skipna=True)).rename("UNRATE_GAP_12M")


def claims_rise(icsa: pd.Series) -> pd.DataFrame:
    """Weekly claims: the 4-week average, its 52-week low, and the rise above that low (%)."""
    weekly = icsa.dropna()
    average = weekly.rolling(CLAIMS_AVERAGE_WEEKS).mean()
    low = average.rolling(CLAIMS_LOW_WEEKS, min_periods=1).min()
    return pd.DataFrame({"avg_4w": average, "low_52w": low, "rise_pct": 100 * (average / low - 1)})


def inversions(curve: pd.Series, min_days: int = MIN_INVERSION_DAYS,
               merge_days: int = INVERSION_MERGE_DAYS) -> list[Inversion]:
    """Spells of ``curve < 0`` at least ``min_days`` observations long; positive gaps shorter
    than ``merge_days`` observations join their neighbours."""
    values = curve.dropna()
    below = (values < 0).to_numpy()
    runs, start = [], None
    for i, flag in enumerate(below):
        if flag and start is None:
            start = i
        if not flag and start is not None:
            runs.append([start, i])
            start = None
    if start is not None:
        runs.append([start, None])
    merged: list[list] = []
    for run in runs:
        if merged and merged[-1][1] is not None and run[0] - merged[-1][1] < merge_days:
            merged[-1][1] = run[1]
        else:
            merged.append(run)
    spells = []
    for first, end in merged:
        length = (len(values) if end is None else end) - first
        if length >= min_days:
            spells.append(Inversion(values.index[first], None if end is None else values.index[end]))
    return spells


def _value_signal(key: str, name: str, short: str, spec: SeriesSpec, series: pd.Series | None, rule: LevelRule,
                  as_of: pd.Timestamp, fmt: str, threshold: str, note: str = "") -> Signal:
    figure = latest_figure(series, spec, as_of) if series is not None else None
    if figure is None:
        return Signal(key, name, short, spec.series_id, None, "n/a", None, threshold, rule.text(), "n/a", note)
    return Signal(key, name, short, spec.series_id, figure.value, fmt.format(figure.value), figure.period_label,
                  threshold, rule.text(), rule.light(figure.value), note)


def curve_signal(key: str, name: str, short: str, spec: SeriesSpec, curve: pd.Series | None,
                 as_of: pd.Timestamp) -> tuple[Signal, list[Inversion]]:
    """The curve's light and its inversion spells up to ``as_of``."""
    threshold = "0 (inverted below)"
    if curve is None or curve.dropna().empty:
        return Signal(key, name, short, spec.series_id, None, "n/a", None, threshold, CURVE_RULE_TEXT, "n/a"), []
    values = curve.dropna().loc[:as_of]
    spells = inversions(values)
    last_day, last = values.index[-1], float(values.iloc[-1])
    recent = [s for s in spells if s.end is not None
              and s.end > as_of - pd.DateOffset(months=UNINVERSION_WINDOW_MONTHS)]
    if last < 0:
        light: Light = "amber"
        note = f"inverted since {spells[-1].start:%Y-%m-%d}" if spells and spells[-1].end is None else "below zero"
    elif recent:
        light, note = "red", f"un-inverted on {recent[-1].end:%Y-%m-%d} after inverting {recent[-1].start:%Y-%m-%d}"
    else:
        light, note = "green", (f"last un-inverted {spells[-1].end:%Y-%m-%d}" if spells else "no inversion in the data")
    return Signal(key, name, short, spec.series_id, last, f"{last:+.2f} pt", f"{last_day:%Y-%m-%d}", threshold,
                  CURVE_RULE_TEXT, light, note), spells


@dataclass(frozen=True)
class RecessionPanel:
    """The signals, the chart inputs, and the inversion spells of both curves."""

    signals: tuple[Signal, ...]
    frames: dict[str, pd.Series]
    spells: dict[str, list[Inversion]]


def recession_panel(inputs: MacroInputs, as_of: date | str | pd.Timestamp | None = None) -> RecessionPanel:
    """Every recession indicator as of ``inputs.as_of``."""
    stamp = to_timestamp(as_of or inputs.as_of)
    sahm, unrate, icsa = inputs.get("SAHMREALTIME"), inputs.get("UNRATE"), inputs.get("ICSA")
    gap = unemployment_gap(unrate) if unrate is not None else None
    claims = claims_rise(icsa) if icsa is not None else None
    signals = [
        _value_signal("sahm", "Sahm rule", "Sahm rule", SAHMREALTIME, sahm, SAHM_RULE, stamp, "{:.2f} pt", "0.50 pt"),
        _value_signal("unemployment_gap", "Unemployment vs 12-month low", "Unemployment gap", UNRATE, gap,
                      UNEMPLOYMENT_RULE, stamp,
                      "{:+.1f} pt", "0.5 pt",
                      note=f"unemployment {unrate.iloc[-1]:.1f}%" if unrate is not None else ""),
        _value_signal("claims", "Initial claims, 4-week average vs 52-week low", "Jobless claims", ICSA,
                      claims["rise_pct"].dropna() if claims is not None else None, CLAIMS_RULE, stamp, "{:+.1f} %",
                      "+20 %",
                      note=f"4-week average {claims['avg_4w'].iloc[-1]:,.0f}" if claims is not None
                      and not math.isnan(claims["avg_4w"].iloc[-1]) else ""),
    ]
    spells = {}
    for key, name, short, spec in (("curve_10y2y", "10-year minus 2-year", "10y − 2y", T10Y2Y),
                                   ("curve_10y3m", "10-year minus 3-month", "10y − 3m", T10Y3M)):
        signal, spells[spec.series_id] = curve_signal(key, name, short, spec, inputs.get(spec.series_id), stamp)
        signals.append(signal)
    signals.append(_value_signal("hy_spread", "High-yield spread", "High-yield spread", BAMLH0A0HYM2,
                                 inputs.get("BAMLH0A0HYM2"),
                                 HY_SPREAD_RULE, stamp, "{:.2f} %", "7 %"))
    frames = {k: v for k, v in {
        "SAHMREALTIME": sahm, "UNRATE_GAP_12M": gap,
        "ICSA_AVG_4W": claims["avg_4w"].dropna() if claims is not None else None,
        "ICSA_ALARM": (claims["low_52w"] * (1 + CLAIMS_RULE.red_at / 100)).dropna() if claims is not None else None,
        "T10Y2Y": inputs.get("T10Y2Y"), "T10Y3M": inputs.get("T10Y3M"),
        "BAMLH0A0HYM2": inputs.get("BAMLH0A0HYM2"),
    }.items() if v is not None and len(v)}
    return RecessionPanel(tuple(signals), frames, spells)
