"""The ``seasonality`` report section: Santa-rally statistics per symbol, as of a date."""
from __future__ import annotations

from datetime import date

from analytics.catalog import LARGE_CAP, NASDAQ_100, SMALL_CAP
from analytics.data.base import Source
from analytics.report_values import clean, not_in_future
from analytics.seasonality.windows import (
    BOOTSTRAP_LEVEL,
    BOOTSTRAP_RESAMPLES,
    BOOTSTRAP_SEED,
    SANTA_DECEMBER_DAYS,
    SANTA_JANUARY_DAYS,
    beat_rate,
    santa_stats,
)

SANTA_SYMBOLS = (SMALL_CAP, LARGE_CAP, NASDAQ_100)


def seasonality_section(source: Source, as_of: date | str, **_: object) -> dict:
    """``santa`` -> symbol -> ``{years, hit_rate, median, mean, ...}`` over the windows completed
    by ``as_of`` (fractions; each window labelled by its December), and how often IWM's
    window beat SPY's over the same years. A symbol without a completed window has
    ``years: 0`` and nulls with the reason.
    """
    stamp = not_in_future(as_of)
    batch = source.prices(list(SANTA_SYMBOLS))
    closes = batch.closes(list(SANTA_SYMBOLS))
    santa = {}
    for symbol in SANTA_SYMBOLS:
        stats = santa_stats(closes, symbol, stamp)
        if symbol in batch.failed:
            stats_reason = f"no prices for {symbol} ({batch.failed[symbol]})"
        else:
            stats_reason = stats.reason
        santa[symbol] = {
            "years": stats.years, "first_year": stats.first_year, "last_year": stats.last_year,
            "hit_rate": clean(stats.hit_rate), "median": clean(stats.median), "mean": clean(stats.mean),
            "mean_ci90": [clean(stats.ci_low), clean(stats.ci_high)] if stats.ci_low is not None else None,
            **({"reason": stats_reason} if stats_reason else {}),
        }
    beat = beat_rate(closes, SMALL_CAP, LARGE_CAP, stamp)
    return {
        "window": {"december_days": SANTA_DECEMBER_DAYS, "january_days": SANTA_JANUARY_DAYS,
                   "labelled_by": "december_year"},
        "bootstrap": {"level": BOOTSTRAP_LEVEL, "resamples": BOOTSTRAP_RESAMPLES, "seed": BOOTSTRAP_SEED},
        "santa": santa,
        "iwm_beat_spy": {"years": beat.years, "beats": beat.beats, "share": clean(beat.share)},
    }
