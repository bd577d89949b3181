"""Market breadth from index members: share above moving averages, advance-decline line,
McClellan oscillator, new 52-week highs and lows, and an equal-weighted Magnificent 7 basket.

Everything works on a wide panel of closes (dates x members) truncated at the as-of date,
with pandas' C-level rolling windows, so 2,000 members x 10 years compute in well under a
second. A member counts on a date only if it has enough history for the window there:
the denominator is reported with every share.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.data.fill import FFILL_LIMIT, ffill_rows
from analytics.timeseries import to_timestamp

SMA_WINDOWS = (20, 50, 200)
HIGH_LOW_WINDOW = 252
#: McClellan: EMAs of net advances with 10% and 5% smoothing, i.e. spans of 19 and 39 days.
MCCLELLAN_FAST, MCCLELLAN_SLOW = 19, 39
MAGNIFICENT_7 = ("AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "META", "TSLA")
BASKET_LEVEL = 100.0
#: Members processed together; small enough that each temporary stays in the CPU cache.
MEMBER_BLOCK = 64


def _close_values(frame: pd.DataFrame) -> np.ndarray:
    """The ``close`` column as float64.

    Read by position from the frame's values: ``frame["close"]`` builds a column lookup table
    on each new frame, which for thousands of members cost more than the panel itself.
    """
    return frame.to_numpy(dtype="float64")[:, list(frame.columns).index("close")]


def close_panel(frames: dict[str, pd.DataFrame], as_of_date) -> pd.DataFrame:
    """Wide closes (dates x members) up to ``as_of``, gaps of up to FFILL_LIMIT days carried forward.

    The frame is backed by a members x dates row-major array: rolling windows run along
    contiguous rows, and the per-day counts sum whole rows.
    """
    if not frames:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    union = None
    for frame in frames.values():  # members mostly share one calendar: equality is cheap
        if union is None:
            union = frame.index
        elif not frame.index.equals(union):
            union = union.union(frame.index)
    union = union[union <= pd.Timestamp(as_of_date)]
    rows = np.full((len(frames), len(union)), np.nan)
    for i, frame in enumerate(frames.values()):
        close = _close_values(frame)
        if len(frame.index) >= len(union) and frame.index[: len(union)].equals(union):
            rows[i] = close[: len(union)]
        else:
            positions = union.get_indexer(frame.index)
            keep = positions >= 0
            rows[i, positions[keep]] = close[keep]
    ffill_rows(rows, FFILL_LIMIT)
    return pd.DataFrame(rows.T, index=pd.DatetimeIndex(union, name="date"), columns=list(frames), copy=False)


def _rows(panel: pd.DataFrame) -> np.ndarray:
    """The panel as members x dates, row-major (a view for panels built by close_panel)."""
    return np.ascontiguousarray(panel.to_numpy().T)


def _rolling_extreme(rows: np.ndarray, window: int, op) -> np.ndarray:
    """Rolling max/min over ``window`` columns by doubling: O(n log w), NaN wherever a NaN is
    in the window. Column t of the result covers columns t-w+1..t (NaN for t < w-1)."""
    out = np.array(rows)
    span = 1
    while span * 2 <= window:  # out[:, t] = extreme of columns t-2*span+1..t
        out[:, span:] = op(out[:, span:], out[:, :-span])
        out[:, :span] = np.nan
        span *= 2
    if span < window:  # two overlapping spans cover the whole window
        rest = window - span
        out[:, rest:] = op(out[:, rest:], out[:, :-rest])
        out[:, :rest] = np.nan
    return out


def _member_counts(panel: pd.DataFrame, windows: tuple[int, ...] = (), high_low: int | None = None,
                   advance_decline: bool = False) -> dict[str, np.ndarray]:
    """Per-day counts over members, computed a block of members at a time.

    Blocks keep every temporary small (a few MB), so 2,000 members x 10 years never
    allocate more than a fraction of the panel. For each window w: ``counted_w`` (members
    with w closes ending that day) and ``above_w`` (of those, close > SMA_w, tested as
    ``w * close > sum of the w closes``, sums from prefix sums).
    """
    rows_all = _rows(panel)
    n = rows_all.shape[1]
    out = {k: np.zeros(n, dtype=np.int64) for w in windows for k in (f"counted_{w}", f"above_{w}")}
    if high_low:
        out.update({k: np.zeros(n, dtype=np.int64) for k in ("highs", "lows", "hl_members")})
    if advance_decline:
        out.update({k: np.zeros(max(n - 1, 0), dtype=np.int64) for k in ("advances", "declines")})
    for lo in range(0, rows_all.shape[0], MEMBER_BLOCK):
        rows = rows_all[lo:lo + MEMBER_BLOCK]
        valid = ~np.isnan(rows)
        csum = np.zeros((rows.shape[0], n + 1))
        np.cumsum(np.where(valid, rows, 0.0), axis=1, out=csum[:, 1:])
        ccount = np.zeros((rows.shape[0], n + 1), dtype=np.int32)
        np.cumsum(valid, axis=1, out=ccount[:, 1:])
        for w in windows:
            if n < w:
                continue
            full = (ccount[:, w:] - ccount[:, :-w]) == w
            higher = rows[:, w - 1:] * w > (csum[:, w:] - csum[:, :-w])
            out[f"counted_{w}"][w - 1:] += full.sum(axis=0)
            out[f"above_{w}"][w - 1:] += (full & higher).sum(axis=0)
        if high_low:
            highest = _rolling_extreme(rows, high_low, np.maximum)
            lowest = _rolling_extreme(rows, high_low, np.minimum)
            full = ~np.isnan(highest)
            out["highs"] += (full & (rows >= highest)).sum(axis=0)
            out["lows"] += (full & (rows <= lowest)).sum(axis=0)
            out["hl_members"] += full.sum(axis=0)
        if advance_decline and n > 1:
            change = np.diff(rows, axis=1)
            out["advances"] += (change > 0).sum(axis=0)
            out["declines"] += (change < 0).sum(axis=0)
    return out


def _pct_frame(counts: dict[str, np.ndarray], window: int, index: pd.Index) -> pd.DataFrame:
    counted, above = counts[f"counted_{window}"], counts[f"above_{window}"]
    pct = np.where(counted > 0, above / np.maximum(counted, 1), np.nan)
    return pd.DataFrame({"pct": pct, "members": counted}, index=index)


def pct_above_sma(panel: pd.DataFrame, window: int) -> pd.DataFrame:
    """Share of members whose close is above their own ``window``-day simple average.

    Returns ``pct`` (a fraction) and ``members`` (the denominator: members with a close and a
    full window on that date). ``pct`` is NaN where no member qualifies.
    """
    return _pct_frame(_member_counts(panel, (window,)), window, panel.index)


def pct_above_smas(panel: pd.DataFrame, windows: tuple[int, ...] = SMA_WINDOWS) -> dict[int, pd.DataFrame]:
    """:func:`pct_above_sma` for several windows in one pass over the panel."""
    counts = _member_counts(panel, windows)
    return {w: _pct_frame(counts, w, panel.index) for w in windows}


def _ad_frame(advances: np.ndarray, declines: np.ndarray, index: pd.Index) -> pd.DataFrame:
    net = pd.Series((advances - declines).astype("float64"), index=index)
    fast = net.ewm(span=MCCLELLAN_FAST, adjust=False).mean()
    slow = net.ewm(span=MCCLELLAN_SLOW, adjust=False).mean()
    # Until the slow EMA has seen a full span its value is mostly its seed: a warm-up
    # artefact, not a reading, so it is NaN there.
    mcclellan = (fast - slow).where(np.arange(len(net)) >= MCCLELLAN_SLOW - 1)
    return pd.DataFrame({"advances": advances, "declines": declines, "net": net,
                         "ad_line": net.cumsum(), "mcclellan": mcclellan}, index=index)


def advance_decline(panel: pd.DataFrame) -> pd.DataFrame:
    """Advancers, decliners, net advances, the cumulative A/D line and the McClellan oscillator.

    McClellan = EMA19(net) - EMA39(net), EMAs seeded with the first value (``adjust=False``);
    NaN for the first 38 days, before the 39-day EMA has warmed up.
    """
    counts = _member_counts(panel, advance_decline=True)
    return _ad_frame(counts["advances"], counts["declines"], panel.index[1:])


def _hl_frame(counts: dict[str, np.ndarray], index: pd.Index) -> pd.DataFrame:
    members = counts["hl_members"]
    # No member with a full 52-week window: the count is unknown, not zero.
    highs = np.where(members > 0, counts["highs"], np.nan)
    lows = np.where(members > 0, counts["lows"], np.nan)
    return pd.DataFrame({"new_highs": highs, "new_lows": lows, "net": highs - lows,
                         "members": members}, index=index)


def new_highs_lows(panel: pd.DataFrame, window: int = HIGH_LOW_WINDOW) -> pd.DataFrame:
    """Members closing at their highest (lowest) close of the last ``window`` days, that day included.

    ``members`` counts those with a full window; where it is 0 the highs and lows are NaN.
    """
    return _hl_frame(_member_counts(panel, high_low=window), panel.index)


def equal_weight_basket(panel: pd.DataFrame, members, start) -> pd.Series:
    """An equal-weighted basket, rebalanced daily: 100 x cumulative mean daily return.

    Members without a close on a day are left out of that day's mean.
    """
    columns = [m for m in members if m in panel.columns]
    if not columns:
        return pd.Series(dtype="float64")
    returns = panel[columns].loc[start:].pct_change(fill_method=None).iloc[1:]
    daily = returns.mean(axis=1, skipna=True).fillna(0.0)
    level = BASKET_LEVEL * (1 + daily).cumprod()
    first = pd.Series([BASKET_LEVEL], index=panel.loc[start:].index[:1])
    return pd.concat([first, level])


@dataclass
class Breadth:
    """All breadth series of one universe as of one date."""

    above: dict[int, pd.DataFrame]
    ad: pd.DataFrame
    highs_lows: pd.DataFrame
    members: int
    members_with_data: int
    #: The last day any member has a price (on or before the as-of date), or None.
    through: pd.Timestamp | None = None

    def latest(self) -> dict[str, float | int | None]:
        out: dict[str, float | int | None] = {}
        for window, frame in self.above.items():
            last = frame.dropna(subset=["pct"]).iloc[-1:] if len(frame) else frame
            out[f"pct_above_{window}dma"] = float(last["pct"].iloc[0]) if len(last) else None
            out[f"members_{window}dma"] = int(last["members"].iloc[0]) if len(last) else 0
        last_ad = self.ad["mcclellan"].iloc[-1:] if len(self.ad) else pd.Series(dtype="float64")
        out["mcclellan"] = None if last_ad.isna().all() else float(last_ad.iloc[0])
        last_hl = self.highs_lows.iloc[-1] if len(self.highs_lows) else None
        known = last_hl is not None and last_hl["members"] > 0
        out["new_highs"] = int(last_hl["new_highs"]) if known else None
        out["new_lows"] = int(last_hl["new_lows"]) if known else None
        out["members_52w"] = int(last_hl["members"]) if last_hl is not None else 0
        return out

    @property
    def starts(self) -> pd.Timestamp | None:
        """The first day any member has a price (None: no member prices by the as-of date)."""
        first = self.above[SMA_WINDOWS[0]].index if self.above else None
        return first[0] if first is not None and len(first) else None


def breadth_from_panel(panel: pd.DataFrame, members: int,
                       windows: tuple[int, ...] = SMA_WINDOWS) -> Breadth:
    """Every breadth measure from a panel built by :func:`close_panel`."""
    with_data = int(panel.notna().any().sum()) if len(panel) else 0
    counts = _member_counts(panel, windows, HIGH_LOW_WINDOW, advance_decline=True)
    return Breadth(
        above={w: _pct_frame(counts, w, panel.index) for w in windows},
        ad=_ad_frame(counts["advances"], counts["declines"], panel.index[1:]),
        highs_lows=_hl_frame(counts, panel.index),
        members=members,
        members_with_data=with_data,
        through=panel.index[-1] if len(panel) else None,
    )


def compute_breadth(frames: dict[str, pd.DataFrame], members: int, as_of_date,
                    windows: tuple[int, ...] = SMA_WINDOWS) -> Breadth:
    """Every breadth measure from member price frames, using no data after ``as_of``."""
    return breadth_from_panel(close_panel(frames, as_of_date), members, windows)


@dataclass(frozen=True)
class BreadthHistory:
    """Breadth over a member panel's whole history, cut at any as-of date without recomputing.

    Every measure on a day reads only that day and earlier ones (moving sums from prefix
    sums, 52-week extremes, EMAs seeded at the first day, gaps carried forward only), so the
    whole history cut at a date is, to the bit, the breadth computed from the panel cut at
    that date: a server replaying many dates computes the panel once instead of per date.
    """

    whole: Breadth
    #: The panel's dates (``through`` of a cut is the last of them on or before it).
    dates: pd.DatetimeIndex
    #: Sorted first day with a close of each member that has one (``members_with_data``).
    first_closes: pd.DatetimeIndex

    def as_of(self, when) -> Breadth:
        """The :class:`Breadth` of the panel cut at ``when`` (no data after it)."""
        stamp = to_timestamp(when)
        through = self.dates[: self.dates.searchsorted(stamp, side="right")]
        return Breadth(
            above={w: frame.loc[:stamp] for w, frame in self.whole.above.items()},
            ad=self.whole.ad.loc[:stamp],
            highs_lows=self.whole.highs_lows.loc[:stamp],
            members=self.whole.members,
            members_with_data=int(self.first_closes.searchsorted(stamp, side="right")),
            through=through[-1] if len(through) else None,
        )


def breadth_history(panel: pd.DataFrame, members: int, windows: tuple[int, ...] = SMA_WINDOWS
                    ) -> BreadthHistory:
    """:func:`breadth_from_panel` of a whole panel, to be cut at each as-of date
    (:meth:`BreadthHistory.as_of`)."""
    rows = _rows(panel)
    valid = ~np.isnan(rows)
    has = valid.any(axis=1)
    first = valid.argmax(axis=1)[has] if valid.size else np.zeros(0, dtype=np.intp)
    firsts = pd.DatetimeIndex(panel.index[first], name="date").sort_values()
    return BreadthHistory(breadth_from_panel(panel, members, windows), pd.DatetimeIndex(panel.index), firsts)
