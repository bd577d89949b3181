"""The data behind each Macro chart as a table, units in the column names (for CSV downloads
and the page's tables)."""
from __future__ import annotations

import pandas as pd

from analytics.macro.event_study import HORIZONS_MONTHS, LARGE_INDEX
from analytics.macro.fed import EVENT_LABELS
from analytics.macro.view import MacroView

PERCENT = 100.0


def _frame(columns: dict[str, pd.Series | None]) -> pd.DataFrame:
    present = {name: series for name, series in columns.items() if series is not None and len(series)}
    if not present:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    frame = pd.concat(present, axis=1, sort=True)
    frame.index.name = "date"
    return frame


def sp500_table(view: MacroView) -> pd.DataFrame:
    """The S&P 500's closes, all of its history up to the as-of date."""
    return _frame({"GSPC_close_index_points": view.closes.get(LARGE_INDEX)})


def fed_table(view: MacroView, start: pd.Timestamp) -> pd.DataFrame:
    """IWM, effective fed funds and the target, daily, from ``start``."""
    target = view.target
    iwm = view.closes["IWM"] if "IWM" in view.closes else None
    return _frame({
        "IWM_close_usd": iwm, "DFF_percent": view.inputs.get("DFF"),
        "DFEDTAR_target_percent": target.single, "DFEDTARL_lower_percent": target.lower,
        "DFEDTARU_upper_percent": target.upper,
    }).loc[start:]


def rates_table(view: MacroView, start: pd.Timestamp) -> pd.DataFrame:
    """Each current bank's policy rate (percent) and the Fed's, from ``start``."""
    columns = {f"{b.bank.spec.series_id}_{b.bank.name}_percent": b.rate for b in view.banks if b.rate is not None}
    return _frame({"DFF_percent": view.inputs.get("DFF"), **columns}).loc[start:]


def inflation_table(view: MacroView, start: pd.Timestamp) -> pd.DataFrame:
    """Year-over-year inflation in percent, by month."""
    return _frame({f"{sid}_yoy_percent": PERCENT * yoy for sid, yoy in view.inflation.items()}).loc[start:]


def cuts_priced_table(view: MacroView, start: pd.Timestamp) -> pd.DataFrame:
    """DGS2, DFF (percent) and their difference (percentage points)."""
    if view.cuts_priced is None:
        return _frame({})
    return view.cuts_priced.rename(columns={"DGS2": "DGS2_percent", "DFF": "DFF_percent",
                                            "two_year_minus_fed_funds": "DGS2_minus_DFF_pp"}).loc[start:]


def recession_table(view: MacroView, start: pd.Timestamp) -> pd.DataFrame:
    """Every recession indicator, with its unit."""
    frames = view.recession.frames
    names = {"SAHMREALTIME": "SAHMREALTIME_pp", "UNRATE_GAP_12M": "UNRATE_minus_12m_low_pp",
             "ICSA_AVG_4W": "ICSA_4w_avg_persons", "ICSA_ALARM": "ICSA_alarm_level_persons",
             "T10Y2Y": "T10Y2Y_pp", "T10Y3M": "T10Y3M_pp", "BAMLH0A0HYM2": "BAMLH0A0HYM2_percent"}
    return _frame({names[k]: v for k, v in frames.items() if k in names}).loc[start:]


def signals_table(view: MacroView) -> pd.DataFrame:
    """One row per recession indicator: value, period, threshold, rule, light."""
    return pd.DataFrame([{"indicator": s.name, "light": s.light, "value": s.display, "as of": s.period or "n/a",
                          "threshold": s.threshold, "rule": s.rule, "note": s.note}
                         for s in view.recession.signals])


def events_table(view: MacroView) -> pd.DataFrame:
    """Every known event and horizon: returns in percent and whether the horizon is complete."""
    returns = view.returns
    if returns.empty:
        return pd.DataFrame(columns=["event", "date", "horizon (months)", "^RUT %", "^GSPC %",
                                     "^RUT − ^GSPC (pt)", "status"])
    return pd.DataFrame({
        "event": returns["kind"].map(EVENT_LABELS), "date": returns["date"].dt.strftime("%Y-%m-%d"),
        "horizon (months)": returns["horizon_months"],
        "^RUT %": PERCENT * returns["rut_return"], "^GSPC %": PERCENT * returns["spx_return"],
        "^RUT − ^GSPC (pt)": PERCENT * returns["small_minus_large"], "status": returns["status"],
    })


def events_without_prices(view: MacroView) -> list[str]:
    """Dates (``YYYY-MM-DD``) of known events the source has no index prices around."""
    dates = view.returns.loc[view.returns["status"] == "no prices", "date"]
    return sorted({f"{d:%Y-%m-%d}" for d in dates})


def stats_table(view: MacroView) -> pd.DataFrame:
    """N, median, min and max per event kind and horizon (percent), complete events only."""
    stats = view.stats.reset_index()
    out = pd.DataFrame({"event": stats["kind"].map(EVENT_LABELS), "horizon (months)": stats["horizon_months"],
                        "N": stats["n"]})
    # The thesis' question first: did small caps beat large caps (the difference, in points)?
    for stat in ("median", "min", "max"):
        out[f"^RUT − ^GSPC {stat} (pt)"] = PERCENT * stats[f"diff_{stat}"]
    for prefix, label in (("rut", "^RUT"), ("spx", "^GSPC")):
        for stat in ("median", "min", "max"):
            out[f"{label} {stat} %"] = PERCENT * stats[f"{prefix}_{stat}"]
    return out[out["horizon (months)"].isin(HORIZONS_MONTHS)]
