"""Altcoins against Bitcoin, and against IWM: a risk-appetite gauge, measured as correlation.

Two altcoin measures, both in BTC terms so that crypto's own direction drops out:

* ``ETH/BTC``: ETH-USD's close divided by BTC-USD's close;
* ``Alt basket/BTC``: an equal-weighted basket of the :data:`CANDIDATE_ALTS` the source has
  (rebalanced daily: its return on a day is the mean of the alts' returns that day, each alt
  joining on its second close), divided by BTC-USD rebased to the same day.

Crypto trades every day, IWM on weekdays. Daily comparisons are on **IWM's trading days**,
taking each coin's last close on or before that day (a coin's Friday-to-Monday return then
includes the weekend). Weekly figures use each series' last close on or before each Friday.
Everything here is correlation; none of it says one market moves the other.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from analytics.catalog import SMALL_CAP
from analytics.timeseries import to_timestamp

BTC = "BTC-USD"
ETH = "ETH-USD"
#: Large altcoins tried for the basket; the basket holds those the source returns.
CANDIDATE_ALTS = (ETH, "XRP-USD", "SOL-USD", "ADA-USD")
ETH_BTC = "ETH/BTC"
BASKET_BTC = "Alt basket/BTC"
AltMeasure = Literal["ETH/BTC", "Alt basket/BTC"]
#: Rolling window of the daily-return correlation, in IWM trading days.
ROLLING_CORR_DAYS = 60
#: Weekly lead-lag: alts' weekly return ``k`` weeks before IWM's, ``k`` = 0..MAX_LEAD_WEEKS.
MAX_LEAD_WEEKS = 8
WEEK_ENDING = "W-FRI"
#: A coin's close counts for an IWM trading day if it is at most this many days older
#: (covers a missing print, not a coin that stopped trading).
MAX_CLOSE_AGE_DAYS = 3
#: A correlation within ``CHANCE_Z / sqrt(N)`` of zero is what unrelated series give about
#: 95% of the time (the large-sample standard error of Pearson's r under no correlation).
CHANCE_Z = 2.0
#: "Alts leading": the change of the alt measure over this many calendar months.
LEADING_MONTHS = 3

UNITS = {"rebased": "100 = first common day", "corr": "correlation (-1 to 1)", "ratio": "BTC per coin"}


def chance_band(n: int) -> float | None:
    """``CHANCE_Z / sqrt(n)``: the size of correlation chance alone reaches with ``n`` pairs."""
    return CHANCE_Z / np.sqrt(n) if n > 0 else None


def _up_to(closes: pd.DataFrame, as_of: date | str | pd.Timestamp) -> pd.DataFrame:
    return closes.sort_index().loc[: to_timestamp(as_of)]


def alts_present(closes: pd.DataFrame, candidates: tuple[str, ...] = CANDIDATE_ALTS) -> list[str]:
    """The candidate alts with at least one close in ``closes`` (order kept)."""
    return [s for s in candidates if s in closes.columns and closes[s].notna().any()]


def alt_measures(closes: pd.DataFrame, as_of: date | str | pd.Timestamp,
                 alts: tuple[str, ...] = CANDIDATE_ALTS) -> pd.DataFrame:
    """Daily ETH/BTC and alt-basket/BTC up to ``as_of`` on the coins' own (every-day) dates.

    ``ETH/BTC = C_ETH / C_BTC``. The basket: ``B_t = B_{t-1} * (1 + mean_i r_{i,t})`` over the
    alts with closes on ``t`` and ``t-1``, ``B = 1`` on the first day any alt and BTC both
    trade; ``Alt basket/BTC = B_t / (C_BTC,t / C_BTC,t0)``. Columns are NaN where the coins
    have not started; an empty frame when BTC or every alt is missing.
    """
    data = _up_to(closes, as_of)
    present = alts_present(data, alts)
    if BTC not in data.columns or not present or data[BTC].dropna().empty:
        return pd.DataFrame(columns=[ETH_BTC, BASKET_BTC], index=pd.DatetimeIndex([], name="date"))
    coins = data[[BTC, *present]].dropna(subset=[BTC])
    started = coins[present].notna().any(axis=1)
    if not started.any():
        return pd.DataFrame(columns=[ETH_BTC, BASKET_BTC], index=pd.DatetimeIndex([], name="date"))
    coins = coins.loc[started.idxmax():]
    out = pd.DataFrame(index=coins.index)
    out[ETH_BTC] = coins[ETH] / coins[BTC] if ETH in present else np.nan
    alt_returns = coins[present].pct_change(fill_method=None)
    basket = (1 + alt_returns.mean(axis=1).fillna(0.0)).cumprod()
    out[BASKET_BTC] = basket / (coins[BTC] / coins[BTC].iloc[0])
    out.index.name = "date"
    return out


def on_trading_days(closes: pd.DataFrame, measures: pd.DataFrame, as_of: date | str | pd.Timestamp,
                    anchor: str = SMALL_CAP) -> pd.DataFrame:
    """``anchor``'s closes with BTC and the alt measures on ``anchor``'s trading days.

    Each coin value is its last one on or before the trading day, at most
    :data:`MAX_CLOSE_AGE_DAYS` old; days before the coins start are NaN.
    """
    data = _up_to(closes, as_of)
    if anchor not in data.columns:
        return pd.DataFrame()
    days = data[anchor].dropna().index
    coins = pd.concat([data[[BTC]] if BTC in data.columns else pd.DataFrame(index=data.index), measures],
                      axis=1, sort=True).dropna(how="all")
    if coins.empty:
        aligned = pd.DataFrame(index=days)
    else:
        aligned = pd.merge_asof(pd.DataFrame(index=days), coins.sort_index(), left_index=True, right_index=True,
                                tolerance=pd.Timedelta(days=MAX_CLOSE_AGE_DAYS), direction="backward")
    aligned.insert(0, anchor, data.loc[days, anchor])
    aligned.index.name = "date"
    return aligned


def rebased(aligned: pd.DataFrame, start: date | str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Every column rebased to 100 on the first day from ``start`` on where all of them have a value.

    ``100 * X_t / X_t0``; one common base day so the lines are comparable. Empty when no day
    has every column.
    """
    window = aligned.loc[to_timestamp(start):] if start is not None else aligned
    window = window.dropna(axis=1, how="all")
    common = window.dropna()
    if common.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    window = window.loc[common.index[0]:]
    return 100 * window / window.loc[common.index[0]]


def rolling_correlation(aligned: pd.DataFrame, anchor: str = SMALL_CAP,
                        window: int = ROLLING_CORR_DAYS) -> pd.DataFrame:
    """Rolling Pearson correlation of daily returns of ``anchor`` with every other column.

    Returns ``r_t = X_t / X_{t-1} - 1`` on ``anchor``'s trading days; a value needs ``window``
    pairs of returns (``corr_<window>d_<anchor>_<other>``).
    """
    if window < 3:
        raise ValueError(f"window must be at least 3 days, got {window!r}")
    returns = aligned.pct_change(fill_method=None)
    out = {f"corr_{window}d_{anchor}_{col}": returns[anchor].rolling(window, min_periods=window).corr(returns[col])
           for col in aligned.columns if col != anchor}
    return pd.DataFrame(out, index=aligned.index)


def weekly_returns(series: pd.Series, as_of: date | str | pd.Timestamp) -> pd.Series:
    """Friday-to-Friday returns of the last close on or before each Friday, up to ``as_of``.

    Only weeks whose Friday is on or before ``as_of`` (a week still running is left out).
    """
    values = series.dropna().loc[: to_timestamp(as_of)]
    if values.empty:
        return pd.Series(dtype="float64", index=pd.DatetimeIndex([], name="week_ending"))
    fridays = values.resample(WEEK_ENDING).last()
    fridays = fridays.loc[: to_timestamp(as_of)]
    out = fridays.pct_change(fill_method=None)
    out.index.name = "week_ending"
    return out


def lead_lag(leader: pd.Series, follower: pd.Series, max_lead: int = MAX_LEAD_WEEKS) -> pd.DataFrame:
    """Correlation of ``follower``'s return in week ``t`` with ``leader``'s in week ``t - k``.

    For ``k = 0..max_lead``: Pearson ``corr(leader_{t-k}, follower_t)`` over the weeks where
    both are present, and ``N`` the number of those pairs (NaN when under 3). A high value at
    ``k > 0`` says the leader's past weeks moved with the follower's later ones; it is not a
    cause.
    """
    if max_lead < 0:
        raise ValueError(f"max_lead must be 0 or more, got {max_lead!r}")
    both = pd.concat({"leader": leader, "follower": follower}, axis=1, sort=True)
    lead, follow = (both[c].to_numpy(dtype=float) for c in ("leader", "follower"))
    rows = []
    # On arrays, not per-lag frames: the shift is a slice of the union of both indexes, as
    # ``Series.shift(k)`` on it is, and the pairs are those where both values are present.
    for k in range(max_lead + 1):
        x = np.full(len(lead), np.nan)
        x[k:] = lead[: max(len(lead) - k, 0)]
        keep = ~(np.isnan(x) | np.isnan(follow))
        n = int(keep.sum())
        rows.append({"lead_weeks": k, "corr": _pearson(x[keep], follow[keep]) if n >= 3 else np.nan, "n": n})
    return pd.DataFrame(rows).set_index("lead_weeks")


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson's ``r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²)``, NaN when either side is constant
    (as ``Series.corr`` gives)."""
    dx, dy = x - x.mean(), y - y.mean()
    denominator = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    return float((dx * dy).sum() / denominator) if denominator > 0 else np.nan


def lead_lag_table(closes: pd.DataFrame, measures: pd.DataFrame, as_of: date | str | pd.Timestamp,
                   start: date | str | pd.Timestamp | None = None, anchor: str = SMALL_CAP,
                   max_lead: int = MAX_LEAD_WEEKS) -> pd.DataFrame:
    """Lead-lag of each alt measure's weekly returns against ``anchor``'s, from ``start``.

    Columns ``corr_<measure>`` and ``n_<measure>`` per measure with data, indexed by lead in weeks.
    """
    if anchor not in closes.columns:
        return pd.DataFrame()
    begin = to_timestamp(start) if start is not None else None
    follower = weekly_returns(closes[anchor], as_of)
    parts = {}
    for name in measures.columns:
        leader = weekly_returns(measures[name], as_of)
        if begin is not None:
            leader, part_follower = leader.loc[begin:], follower.loc[begin:]
        else:
            part_follower = follower
        if leader.dropna().empty:
            continue
        table = lead_lag(leader, part_follower, max_lead)
        parts[f"corr_{name}"], parts[f"n_{name}"] = table["corr"], table["n"]
    return pd.DataFrame(parts)


def alts_leading(closes: pd.DataFrame, as_of: date | str | pd.Timestamp,
                 measure: AltMeasure = BASKET_BTC, months: int = LEADING_MONTHS) -> float | None:
    """The change of an alt measure over the last ``months`` calendar months, as a fraction.

    ``M_t / M_{t0} - 1`` with ``M`` the measure (:func:`alt_measures`), ``t`` its last day on
    or before ``as_of`` and ``t0`` its last day on or before ``t - months``. Positive: alts
    gained on Bitcoin (the "alt season" the thesis reads as risk appetite). ``None`` when the
    measure does not reach back that far.
    """
    if measure not in (ETH_BTC, BASKET_BTC):
        raise ValueError(f"measure must be {ETH_BTC!r} or {BASKET_BTC!r}, got {measure!r}")
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months!r}")
    return _change(alt_measures(closes, as_of)[measure], months)


def _change(series: pd.Series, months: int) -> float | None:
    """``M_t / M_{t0} - 1`` from the last value back ``months`` calendar months (see :func:`alts_leading`)."""
    series = series.dropna()
    if series.empty:
        return None
    base = series.loc[: series.index[-1] - pd.DateOffset(months=months)]
    if base.empty:
        return None
    return float(series.iloc[-1] / base.iloc[-1] - 1)


#: The crypto section's window choices, in years (``All``: every common day).
WINDOW_YEARS = {"1Y": 1, "3Y": 3, "5Y": 5, "All": None}
Window = Literal["1Y", "3Y", "5Y", "All"]


def window_start(as_of: date | str | pd.Timestamp, window: Window) -> pd.Timestamp | None:
    """The first day of ``window`` ending at ``as_of`` (``None`` for ``All``)."""
    if window not in WINDOW_YEARS:
        raise ValueError(f"window must be one of {', '.join(WINDOW_YEARS)}, got {window!r}")
    years = WINDOW_YEARS[window]
    return None if years is None else to_timestamp(as_of) - pd.DateOffset(years=years)


def first_dates(closes: pd.DataFrame, symbols: tuple[str, ...] | list[str]) -> dict[str, pd.Timestamp]:
    """Each symbol's first close in ``closes`` (symbols without one are left out)."""
    return {s: closes[s].first_valid_index() for s in symbols
            if s in closes.columns and closes[s].notna().any()}


@dataclass(frozen=True)
class CryptoView:
    """Everything the crypto section draws, as of a date and for a window.

    ``measures`` names the alt measures shown (the basket is dropped when it holds ETH alone,
    as it then equals ETH/BTC); ``paths`` are rebased on the window's first common day;
    ``corr`` is the rolling correlation inside the window; ``leads`` the lead-lag table.
    """

    alts: tuple[str, ...]
    missing_alts: tuple[str, ...]
    measures: tuple[str, ...]
    paths: pd.DataFrame
    corr: pd.DataFrame
    leads: pd.DataFrame
    leading: dict[str, float | None]


def crypto_view(closes: pd.DataFrame, as_of: date | str | pd.Timestamp, window: Window = "3Y",
                anchor: str = SMALL_CAP) -> CryptoView:
    """The crypto section's frames (see :class:`CryptoView`), computed from wide ``closes``."""
    start = window_start(as_of, window)
    alts = tuple(alts_present(closes.loc[: to_timestamp(as_of)]))
    missing = tuple(s for s in CANDIDATE_ALTS if s not in alts_present(closes))
    measures = alt_measures(closes, as_of)
    leading = {m: _change(measures[m], LEADING_MONTHS) for m in (ETH_BTC, BASKET_BTC)}
    shown = tuple(m for m in (ETH_BTC, BASKET_BTC) if measures[m].notna().any()
                  and not (m == BASKET_BTC and alts == (ETH,)))
    measures = measures[list(shown)]
    aligned = on_trading_days(closes, measures, as_of, anchor)
    aligned = aligned.dropna(axis=1, how="all")
    corr = rolling_correlation(aligned, anchor) if anchor in aligned.columns and aligned.shape[1] > 1 else pd.DataFrame()
    if start is not None and len(corr):
        corr = corr.loc[start:]
    return CryptoView(
        alts=alts, missing_alts=missing, measures=shown,
        paths=rebased(aligned, start) if aligned.shape[1] > 1 else pd.DataFrame(),
        corr=corr.dropna(how="all"),
        leads=lead_lag_table(closes, measures, as_of, start, anchor) if shown else pd.DataFrame(),
        leading=leading,
    )
