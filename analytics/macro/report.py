"""The ``macro`` report section: rates in percent as FRED publishes them, changes and returns
as fractions, each monthly figure with the ``YYYY-MM`` period it is for."""
from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.data.base import Source
from analytics.macro.inputs import collect
from analytics.macro.pit import Figure
from analytics.macro.view import PRICE_SYMBOLS, MacroView, build_view
from analytics.report_values import clean, not_in_future
from analytics.timeseries import to_timestamp


def _figure(figure: Figure | None) -> dict:
    if figure is None:
        return {"value": None, "period": None}
    return {"value": clean(figure.value), "period": figure.period_key}


def _value(figure: Figure | None) -> float | None:
    return clean(figure.value) if figure is not None else None


def load_view(source: Source, as_of: date | str, today: date | None = None) -> MacroView:
    """Read the catalogue and the indexes from ``source`` and build the view on ``as_of``.

    Uses the source's ALFRED vintages when it offers them (``fred_vintage``: the live
    source with a FRED key). Raises :class:`AsOfError` for a date in the future.
    """
    stamp = not_in_future(as_of, today)
    inputs = collect(source.fred, stamp, vintage=getattr(source, "fred_vintage", None), today=today)
    return build_view(inputs, source.prices(list(PRICE_SYMBOLS)))


def view_to_report(view: MacroView) -> dict:
    """The section's JSON from a view (keys as issue 10 names them)."""
    figures = view.figures
    after_range = view.as_of >= pd.Timestamp("2008-12-16")
    upper = figures["DFEDTARU"] if after_range else figures["DFEDTAR"]
    cuts = view.cuts_priced
    spread = None
    if cuts is not None and len(cuts) and cuts.index[-1] <= view.as_of:
        spread = clean(cuts["two_year_minus_fed_funds"].iloc[-1])
    done = view.returns[view.returns["status"] == "complete"]
    return {
        "fed_funds": _value(figures["DFF"]),
        "fed_target_upper": _value(upper),
        "fed_target_lower": _value(figures["DFEDTARL"]) if after_range else None,
        "curve_10y2y": _value(figures["T10Y2Y"]),
        "two_year_minus_fed_funds": spread,
        "cpi_yoy": _figure(figures.get("CPIAUCSL_YOY")),
        "core_pce_yoy": _figure(figures.get("PCEPILFE_YOY")),
        "unemployment": _figure(figures["UNRATE"]),
        "sahm": _figure(figures["SAHMREALTIME"]),
        "events": [{"kind": e.kind, "date": f"{e.date:%Y-%m-%d}"} for e in view.events],
        "latest_hike": f"{view.hike.date:%Y-%m-%d}" if view.hike else None,
        "days_since_hike": view.hike.days_since if view.hike else None,
        "event_study": [
            {"kind": row.kind, "date": f"{row.date:%Y-%m-%d}", "horizon_months": int(row.horizon_months),
             "rut_return": clean(row.rut_return), "spx_return": clean(row.spx_return)}
            for row in done.itertuples()
        ],
        "central_banks": {"tracked": view.counts.tracked, "cut_last_3m": view.counts.cut[3],
                          "cut_last_6m": view.counts.cut[6]},
    }


def macro_section(source: Source, as_of: date | str, view: MacroView | None = None, **_: object) -> dict:
    """Fed funds, target, curve, inflation, labour, Fed-cycle events and their event study,
    and foreign central-bank cuts, as known on ``as_of``.

    ``view``: the view :func:`load_view` builds for ``as_of`` (one a server already shares
    with the Macro page), instead of building it again.
    """
    if view is None:
        view = load_view(source, as_of)
    elif view.as_of != not_in_future(as_of):
        raise ValueError(f"the macro view is as of {view.as_of:%Y-%m-%d}, not {to_timestamp(as_of):%Y-%m-%d}")
    return view_to_report(view)
