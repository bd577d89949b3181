"""Named constants: the symbols and series the pages use, and calendar conventions."""
from __future__ import annotations

TRADING_DAYS_PER_YEAR = 252
TRADING_DAYS_PER_WEEK = 5

SMALL_CAP = "IWM"
LARGE_CAP = "SPY"
NASDAQ_100 = "QQQ"
EQUAL_WEIGHT_SP500 = "RSP"
THESIS_SYMBOLS = (SMALL_CAP, LARGE_CAP, NASDAQ_100)
BENCHMARK_CHOICES = (LARGE_CAP, NASDAQ_100, "^GSPC", "^NDX", "DIA")
INDEX_SYMBOLS = ("^GSPC", "^RUT", "^NDX")
SECTOR_ETFS = ("XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY")
#: Invesco S&P SmallCap 600 sector funds (listed 2010): the small-cap side of sector leadership.
SMALLCAP_SECTOR_ETFS = ("PSCT", "PSCI", "PSCF", "PSCH", "PSCD", "PSCE", "PSCM", "PSCU", "PSCC")
CRYPTO_SYMBOLS = ("BTC-USD", "ETH-USD")

#: Every symbol some page draws: what a snapshot export writes and the demo source covers.
CORE_SYMBOLS = (
    THESIS_SYMBOLS + (EQUAL_WEIGHT_SP500, "DIA") + INDEX_SYMBOLS + SECTOR_ETFS + SMALLCAP_SECTOR_ETFS
    + CRYPTO_SYMBOLS
)

HOLDINGS_FUNDS = ("IWM",)
UNIVERSES = {
    "sp500": "S&P 500",
    "russell2000": "Russell 2000 (IWM holdings)",
    "nasdaq100": "Nasdaq-100",
}

#: The article's publication date: the natural "since" for every thesis check.
THESIS_DATE = "2023-11-28"
