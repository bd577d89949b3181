"""The macro catalogue: every FRED series the Macro page reads, as named constants.

Each entry says what the series is (title, units), how often it is observed, and how long
after its period it is typically published (``release_lag_days``). The lag is what keeps a
replay honest without ALFRED vintages: an observation for a period counts only from
``period end + release_lag_days`` (see :mod:`analytics.macro.pit`). Lags are the usual
calendar of the releases (BLS CPI mid-month, BEA PCE at month end, the Employment Situation
on the first Friday), rounded up so a figure is never used before it could have been read.
Sources: https://fred.stlouisfed.org/series/<ID>, https://www.bls.gov/schedule/,
https://www.bea.gov/news/schedule.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Frequency = Literal["daily", "weekly", "monthly"]


@dataclass(frozen=True)
class SeriesSpec:
    """One FRED series.

    Attributes
    ----------
    series_id : str
        The FRED id (https://fred.stlouisfed.org/series/<id>).
    title : str
        What it measures, as the page labels it.
    units : str
        As FRED publishes it (``percent``, ``index``, ``persons``, ``0/1``...).
    frequency : {"daily", "weekly", "monthly"}
        Monthly observations are dated the first of their month (FRED's convention).
    release_lag_days : int
        Days after the end of the period before the figure is public: monthly periods end on
        the month's last day, daily and weekly ones on their own date.
    ends : str, optional
        The last date of a series that was discontinued on purpose (its end is no gap).
    """

    series_id: str
    title: str
    units: str
    frequency: Frequency
    release_lag_days: int
    ends: str | None = None


# Fed funds and the target. The report contract reads DFF "on or before the date", so the
# daily market series carry no lag (FRED posts DFF the next morning; the target is announced
# the day before it takes effect).
DFF = SeriesSpec("DFF", "Effective federal funds rate", "percent", "daily", 0)
DFEDTAR = SeriesSpec("DFEDTAR", "Fed funds target (single value, to 2008-12-15)", "percent", "daily", 0,
                     ends="2008-12-15")
DFEDTARU = SeriesSpec("DFEDTARU", "Fed funds target range, upper limit", "percent", "daily", 0)
DFEDTARL = SeriesSpec("DFEDTARL", "Fed funds target range, lower limit", "percent", "daily", 0)
FEDFUNDS = SeriesSpec("FEDFUNDS", "Effective federal funds rate (monthly average)", "percent", "monthly", 1)

# Inflation: CPI mid-month (about the 10th-15th), PCE with personal income at month end.
CPIAUCSL = SeriesSpec("CPIAUCSL", "CPI, all items", "index 1982-84=100", "monthly", 15)
CPILFESL = SeriesSpec("CPILFESL", "Core CPI (less food and energy)", "index 1982-84=100", "monthly", 15)
PCEPILFE = SeriesSpec("PCEPILFE", "Core PCE price index", "index 2017=100", "monthly", 31)

# Labour market: the Employment Situation comes out on the first Friday (at the latest the 10th).
UNRATE = SeriesSpec("UNRATE", "Unemployment rate", "percent", "monthly", 10)
SAHMREALTIME = SeriesSpec("SAHMREALTIME", "Sahm rule recession indicator (real time)", "percentage points",
                          "monthly", 10)
# Weeks end on Saturday; the Labor Department publishes on the following Thursday.
ICSA = SeriesSpec("ICSA", "Initial jobless claims", "persons", "weekly", 5)

# Rates, curves and credit: market closes, known the same day.
DGS2 = SeriesSpec("DGS2", "2-year Treasury yield", "percent", "daily", 0)
DGS10 = SeriesSpec("DGS10", "10-year Treasury yield", "percent", "daily", 0)
T10Y2Y = SeriesSpec("T10Y2Y", "10-year minus 2-year Treasury spread", "percentage points", "daily", 0)
T10Y3M = SeriesSpec("T10Y3M", "10-year minus 3-month Treasury spread", "percentage points", "daily", 0)
BAMLH0A0HYM2 = SeriesSpec("BAMLH0A0HYM2", "ICE BofA US high-yield option-adjusted spread", "percent",
                          "daily", 0)
NFCI = SeriesSpec("NFCI", "Chicago Fed National Financial Conditions Index", "index (0 = average)",
                  "weekly", 5)

# Recession dating is decided by the NBER months or years later: USREC is history, not
# something a replay could have known, and is drawn only as shading.
USREC = SeriesSpec("USREC", "NBER recession indicator", "0/1", "monthly", 0)
RECPROUSM156N = SeriesSpec("RECPROUSM156N", "Smoothed US recession probability", "percent", "monthly", 62)


@dataclass(frozen=True)
class CentralBank:
    """A foreign central bank and the FRED series carrying its policy rate."""

    name: str
    spec: SeriesSpec


def _oecd(country_code: str, title: str, kind: str = "CB") -> SeriesSpec:
    # OECD Main Economic Indicators on FRED: IRSTCB01 = central-bank rate, IRSTCI01 =
    # call money / interbank (the policy-rate proxy where the CB series is not carried).
    # Monthly averages, published with the next MEI edition (about two months).
    return SeriesSpec(f"IRST{kind}01{country_code}M156N", title, "percent", "monthly", 62)


ECBDFR = SeriesSpec("ECBDFR", "ECB deposit facility rate", "percent", "daily", 0)
#: The tracked foreign central banks (the article: "foreign central banks are already cutting").
CENTRAL_BANKS = (
    CentralBank("ECB", ECBDFR),
    CentralBank("Bank of England", SeriesSpec("BOERUKM", "Bank of England official bank rate", "percent",
                                              "monthly", 31)),
    CentralBank("Bank of Canada", _oecd("CA", "Bank of Canada policy rate (OECD)")),
    CentralBank("Bank of Japan", _oecd("JP", "Bank of Japan policy rate (OECD)")),
    CentralBank("Swiss National Bank", _oecd("CH", "Swiss National Bank policy rate (OECD)")),
    CentralBank("Reserve Bank of Australia", _oecd("AU", "Australia overnight cash rate (OECD)", "CI")),
    CentralBank("Sveriges Riksbank", _oecd("SE", "Riksbank policy rate (OECD)")),
    CentralBank("Norges Bank", _oecd("NO", "Norges Bank policy rate (OECD)")),
    CentralBank("Reserve Bank of New Zealand", _oecd("NZ", "New Zealand overnight rate (OECD)", "CI")),
    CentralBank("Bank of Korea", _oecd("KR", "Bank of Korea base rate (OECD)")),
    CentralBank("Banco Central do Brasil", _oecd("BR", "Brazil Selic rate (OECD)")),
    CentralBank("Banco de México", _oecd("MX", "Banco de México policy rate (OECD)")),
    CentralBank("Reserve Bank of India", _oecd("IN", "Reserve Bank of India policy rate (OECD)")),
)

#: Every series of the catalogue, by id: what the demo covers, ``check-series`` asks FRED
#: about, and a snapshot export writes.
CATALOGUE: dict[str, SeriesSpec] = {
    spec.series_id: spec for spec in (
        DFF, DFEDTAR, DFEDTARU, DFEDTARL, FEDFUNDS, CPIAUCSL, CPILFESL, PCEPILFE, UNRATE,
        SAHMREALTIME, ICSA, DGS2, DGS10, T10Y2Y, T10Y3M, BAMLH0A0HYM2, NFCI, USREC, RECPROUSM156N,
    )
} | {bank.spec.series_id: bank.spec for bank in CENTRAL_BANKS}

#: The fed funds futures front month on Yahoo; implied rate = 100 - price (CME convention).
FED_FUNDS_FUTURE = "ZQ=F"
#: The day the FOMC moved from a single target to a range (first DFEDTARU observation).
TARGET_RANGE_START = "2008-12-16"

#: Every catalogued FRED id with its title (https://fred.stlouisfed.org/series/<ID>): what a
#: snapshot export and a refresh write.
FRED_SERIES = {series_id: spec.title for series_id, spec in CATALOGUE.items()}


def spec_for(series_id: str) -> SeriesSpec:
    """The catalogue entry of ``series_id``; ``ValueError`` naming it when it is not catalogued."""
    try:
        return CATALOGUE[series_id]
    except KeyError:
        raise ValueError(f"{series_id!r} is not in the macro catalogue") from None
