"""What happened after a date: forward returns and the first touch of each Fibonacci target.

The only module that looks past the as-of date on purpose. Everything it measures starts
from what was known on that date (the last close on or before it, the Technicals page's
default Fibonacci targets as drawn that day) and then reads the bars that followed.

Forward price return over ``h`` calendar months (the issue's definition, as in Fama-French
"buy-and-hold" returns over a calendar window)::

    base  = last close on or before the as-of date                     (date b)
    end_h = last close on or before b + h months                       (pandas DateOffset)
    R_h   = end_h / base - 1,   or None ("not yet") when b + h months > the last bar's date

``latest`` runs to the last bar. The total return is the same formula on the adjusted close
(``adj_close``: split- and dividend-adjusted, dividends reinvested, as CRSP and Yahoo adjust),
so ``R_total - R_price`` is the dividends' contribution. The IWM/SPY ratio's forward return is
``(IWM_end / SPY_end) / (IWM_base / SPY_base) - 1`` on the days both have a close: positive
when small caps outperformed.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from analytics.catalog import LARGE_CAP, NASDAQ_100, SMALL_CAP, THESIS_SYMBOLS
from analytics.data.base import ADJ_CLOSE
from analytics.technicals import fibonacci
from analytics.technicals.view import auto_anchors, fib_result
from analytics.timeseries import to_timestamp

#: Forward horizons in calendar months, by the name the report and the table use.
HORIZON_MONTHS: dict[str, int] = {"1m": 1, "3m": 3, "6m": 6, "12m": 12}
LATEST = "latest"
HORIZONS = (*HORIZON_MONTHS, LATEST)
#: The ratio whose forward return says whether small caps outperformed.
RATIO_NAME = f"{SMALL_CAP}/{LARGE_CAP}"
FORWARD_SYMBOLS = THESIS_SYMBOLS
Basis = Literal["price", "total"]
BASIS_COLUMN: dict[str, str] = {"price": "close", "total": ADJ_CLOSE}
BASIS_NOUN: dict[str, str] = {"price": "closes", "total": "adjusted closes"}
NOT_YET = "not yet"
Side = Literal["above", "below"]


@dataclass(frozen=True)
class Trade:
    """What "what happened next" follows (a thesis' ``trade``): the long leg and the legs it is
    measured against, each against-leg also as the ratio ``long/against``."""

    long: str = SMALL_CAP
    against: tuple[str, ...] = (LARGE_CAP, NASDAQ_100)

    @property
    def symbols(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.long, *self.against)))

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple((self.long, a) for a in self.against if a != self.long)


#: The article's trade: IWM against SPY and QQQ.
ARTICLE_TRADE = Trade()
#: The ratio rows of a table before thesis files: IWM/SPY only.
DEFAULT_PAIRS = ((SMALL_CAP, LARGE_CAP),)


@dataclass(frozen=True)
class ForwardReturn:
    """One forward return, or why there is none.

    Attributes
    ----------
    value : float or None
        ``end / base - 1`` as a fraction; ``None`` when the horizon is not reached yet or the
        series has no value to start from.
    base_date, end_date : Timestamp or None
        The closes used (``end_date`` is the last close on or before ``target_date``).
    target_date : Timestamp or None
        ``base_date + h`` calendar months (``None`` for ``latest``).
    reason : str
        Empty when ``value`` is set; else starts with ``"not yet"`` or ``"n/a"``.
    """

    value: float | None
    base_date: pd.Timestamp | None = None
    end_date: pd.Timestamp | None = None
    target_date: pd.Timestamp | None = None
    reason: str = ""


def forward_returns(series: pd.Series, as_of, noun: str = "closes",
                    horizons: Mapping[str, int] = HORIZON_MONTHS) -> dict[str, ForwardReturn]:
    """Forward returns of ``series`` from ``as_of`` at each horizon and to its last value.

    Parameters
    ----------
    series : Series
        Closes (or adjusted closes, or a ratio) on a sorted ``DatetimeIndex``; NaN is skipped.
    as_of : date-like
        The base is the last value on or before it.
    noun : str
        What the series holds, for the reasons ("closes", "adjusted closes").
    horizons : mapping
        Name to calendar months.

    Returns
    -------
    dict
        Horizon name (and :data:`LATEST`) to :class:`ForwardReturn`. A horizon whose
        ``base_date + h months`` is after the last value is ``None`` with a "not yet" reason,
        never a partial return; so is ``latest`` when nothing follows the base.
    """
    stamp = to_timestamp(as_of)
    values = series.dropna()
    before = values.loc[:stamp]
    names = [*horizons, LATEST]
    if before.empty:
        starts = f"; they start {values.index[0]:%Y-%m-%d}" if len(values) else ""
        why = f"n/a: no {noun} on or before {stamp:%Y-%m-%d}{starts}"
        return {name: ForwardReturn(None, reason=why) for name in names}
    base_date, base = before.index[-1], float(before.iloc[-1])
    last_date = values.index[-1]
    out: dict[str, ForwardReturn] = {}
    for name, months in horizons.items():
        target = base_date + pd.DateOffset(months=months)
        if target > last_date:
            out[name] = ForwardReturn(None, base_date, None, target,
                                      f"{NOT_YET}: needs {target:%Y-%m-%d}, {noun} end {last_date:%Y-%m-%d}")
            continue
        end = values.loc[:target]
        out[name] = ForwardReturn(float(end.iloc[-1]) / base - 1, base_date, end.index[-1], target)
    if last_date > base_date:
        out[LATEST] = ForwardReturn(float(values.iloc[-1]) / base - 1, base_date, last_date)
    else:
        out[LATEST] = ForwardReturn(None, base_date, None, None,
                                    f"{NOT_YET}: no {noun} after {base_date:%Y-%m-%d}")
    return out


def ratio_series(frames: Mapping[str, pd.DataFrame], numerator: str, denominator: str,
                 column: str = "close") -> pd.Series:
    """``numerator / denominator`` of ``column`` on the days both have a value (empty if either
    symbol or column is missing)."""
    parts = [frames[s][column] if s in frames and column in frames[s] else None
             for s in (numerator, denominator)]
    if parts[0] is None or parts[1] is None:
        return pd.Series(dtype="float64", index=pd.DatetimeIndex([], name="date"))
    joined = pd.concat(parts, axis=1, keys=["num", "den"], sort=True).dropna()
    return (joined["num"] / joined["den"]).rename(f"{numerator}/{denominator}")


def forward_table(frames: Mapping[str, pd.DataFrame], as_of, basis: Basis = "price",
                  symbols: Sequence[str] = FORWARD_SYMBOLS,
                  pairs: Sequence[tuple[str, str]] = DEFAULT_PAIRS) -> dict[str, dict[str, ForwardReturn]]:
    """Forward returns of each symbol and of each ratio ``numerator/denominator`` of ``pairs``
    (default :data:`RATIO_NAME`) on one basis.

    ``basis="price"`` uses ``close``; ``"total"`` uses ``adj_close`` (n/a for a symbol whose
    frame has none). Horizons follow :func:`forward_returns` on each series' own dates, so a
    total return's ``latest`` runs to the last adjusted close, which may be earlier than the
    last close: :attr:`ForwardReturn.end_date` says which day it is.
    """
    if basis not in BASIS_COLUMN:
        raise ValueError(f"basis {basis!r} is not one of {tuple(BASIS_COLUMN)}")
    column, noun = BASIS_COLUMN[basis], BASIS_NOUN[basis]
    out: dict[str, dict[str, ForwardReturn]] = {}
    for symbol in symbols:
        frame = frames.get(symbol)
        if frame is None or column not in frame or frame[column].isna().all():
            why = f"n/a: no {noun} for {symbol} from this source"
            out[symbol] = {name: ForwardReturn(None, reason=why) for name in HORIZONS}
        else:
            out[symbol] = forward_returns(frame[column], as_of, noun)
    for numerator, denominator in pairs:
        name = f"{numerator}/{denominator}"
        ratio = ratio_series(frames, numerator, denominator, column)
        if ratio.empty:
            why = f"n/a: no {noun} for both {numerator} and {denominator}"
            out[name] = {h: ForwardReturn(None, reason=why) for h in HORIZONS}
        else:
            out[name] = forward_returns(ratio, as_of, f"{noun} of both")
    return out


# -- Fibonacci touches ---------------------------------------------------------------------

@dataclass(frozen=True)
class FibTouch:
    """One target and the first day after the as-of date a bar reached it (``None``: not yet),
    and the how-many-th trading day after the as-of date that was."""

    ratio: float
    target: float
    side: Side
    touched: pd.Timestamp | None
    trading_days: int | None = None


@dataclass
class FibTouches:
    """The Technicals default targets as of a date, and when each was first touched."""

    symbol: str
    touches: list[FibTouch] = field(default_factory=list)
    anchors: list[fibonacci.Anchor] = field(default_factory=list)
    as_of_close: float | None = None
    last_bar: pd.Timestamp | None = None
    reading: str = ""
    problem: str = ""


def first_touch(bars: pd.DataFrame, as_of, target: float, side: Side) -> pd.Timestamp | None:
    """The first bar dated after ``as_of`` whose high reaches ``target`` (``side="above"``:
    ``high >= target``) or whose low does (``"below"``: ``low <= target``); ``None`` if none.
    Close-only bars use the close (as :mod:`analytics.technicals.fibonacci` does)."""
    after = bars.loc[bars.index > to_timestamp(as_of)]
    column = "high" if side == "above" else "low"
    prices = (after[column] if column in after else after["close"]).fillna(after["close"])
    hit = prices >= target if side == "above" else prices <= target
    return hit.idxmax() if hit.any() else None


def fib_touches(bars: pd.DataFrame, as_of, symbol: str = SMALL_CAP,
                lookback_years: float = fibonacci.DEFAULT_LOOKBACK_YEARS,
                ratios: Sequence[float] = fibonacci.DEFAULT_RATIOS) -> FibTouches:
    """Targets of the Technicals page's default view as of ``as_of`` and their first touches.

    The default view is Auto mode: anchors from :func:`analytics.technicals.view.auto_anchors` (the
    largest drawdown of the lookback), levels from :func:`analytics.technicals.view.fib_result`
    (``low + r * (high - low)`` for a fall), all computed from bars on or before ``as_of``.
    A target above the as-of close is touched by the first later bar with ``high >= target``;
    one at or below it by the first with ``low <= target`` (:func:`first_touch`).
    """
    stamp = to_timestamp(as_of)
    result = FibTouches(symbol=symbol, last_bar=bars.index[-1] if len(bars) else None)
    known = bars.loc[:stamp]
    if known.empty:
        result.problem = f"no {symbol} bars on or before {stamp:%Y-%m-%d}"
        return result
    result.as_of_close = float(known["close"].iloc[-1])
    anchors = auto_anchors(bars, stamp, lookback_years)
    if anchors is None:
        result.problem = (f"no drawdown in {symbol}'s {lookback_years:g}-year lookback to "
                          f"{stamp:%Y-%m-%d}: no automatic Fibonacci targets")
        return result
    fib = fib_result(bars, stamp, "Auto", [a.date for a in anchors], ratios)
    result.anchors, result.reading, result.problem = fib.anchors, fib.reading, fib.problem
    later = bars.index[bars.index > stamp]
    for ratio, target in sorted(fib.levels.items()):
        side: Side = "above" if target > result.as_of_close else "below"
        touched = first_touch(bars, stamp, target, side)
        days = int(later.get_loc(touched)) + 1 if touched is not None else None
        result.touches.append(FibTouch(ratio, target, side, touched, days))
    return result


@dataclass
class ForwardView:
    """Everything "What happened next" shows for one date: price and total returns (tables of
    :class:`ForwardReturn` by series and horizon) and the Fibonacci touches of IWM."""

    price: dict[str, dict[str, ForwardReturn]]
    total: dict[str, dict[str, ForwardReturn]]
    fib: FibTouches


def forward_view(frames: Mapping[str, pd.DataFrame], as_of, trade: Trade | None = None) -> ForwardView:
    """:func:`forward_table` on both bases and :func:`fib_touches` on the long leg (a problem,
    not an error, when it has no bars).

    ``trade``: the legs of a thesis (each symbol, and ``long/against`` for each against-leg);
    ``None``: IWM, SPY, QQQ and IWM/SPY, as before thesis files.
    """
    symbols, pairs = (FORWARD_SYMBOLS, DEFAULT_PAIRS) if trade is None else (trade.symbols, trade.pairs)
    long = SMALL_CAP if trade is None else trade.long
    bars = frames.get(long)
    fib = (fib_touches(bars, as_of, symbol=long) if bars is not None and len(bars)
           else FibTouches(symbol=long, problem=f"no {long} prices from this source"))
    return ForwardView(forward_table(frames, as_of, "price", symbols, pairs),
                       forward_table(frames, as_of, "total", symbols, pairs), fib)
