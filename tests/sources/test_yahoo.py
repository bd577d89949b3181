"""The yfinance normalizer on a frame in yfinance 1.7's download layout, and the fetch wrapper.

The fixture was written with ``DataFrame.to_csv`` from a frame assembled exactly as
``yf.download(["IWM", "SPY", "ZZZZNOPE"], auto_adjust=False, group_by="column")`` builds it
(``(Price, Ticker)`` columns, NaN columns for the ticker that failed), holding IWM and SPY's
real bars of 2023-11-20..28. This machine cannot reach Yahoo to record one live.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from analytics.data.yahoo import download_prices, fetch_download, normalize_download
from analytics.errors import RateLimitedError

FIXTURE = Path(__file__).parent.parent / "fixtures" / "yf_download_iwm_spy_failed.csv"


@pytest.fixture
def recorded() -> pd.DataFrame:
    frame = pd.read_csv(FIXTURE, header=[0, 1], index_col=0, parse_dates=True)
    frame.columns.names = ["Price", "Ticker"]
    return frame


def test_multi_symbol_frame_with_a_failed_symbol(recorded):
    batch = normalize_download(recorded, ["IWM", "SPY", "ZZZZNOPE"],
                               {"ZZZZNOPE": "possibly delisted; no price data found"})
    assert set(batch.frames) == {"IWM", "SPY"}
    assert batch.failed == {"ZZZZNOPE": "Yahoo Finance: possibly delisted; no price data found"}
    iwm = batch.frames["IWM"]
    assert list(iwm.columns) == ["open", "high", "low", "close", "volume", "adj_close"]
    assert iwm.loc["2023-11-28", "close"] == pytest.approx(178.04, abs=1e-4)  # raw close, not Adj
    assert iwm.index.name == "date" and iwm.index.is_monotonic_increasing
    assert len(iwm) == 6  # Thanksgiving is absent, not NaN


def test_ticker_major_layout(recorded):
    by_ticker = recorded.swaplevel(0, 1, axis=1).sort_index(axis=1)
    batch = normalize_download(by_ticker, ["IWM", "SPY"])
    assert batch.frames["SPY"].loc["2023-11-28", "close"] == pytest.approx(454.93, abs=1e-4)


def test_single_ticker_flat_frame(recorded):
    flat = recorded.xs("SPY", axis=1, level="Ticker")
    batch = normalize_download(flat, ["SPY"])
    assert len(batch.frames["SPY"]) == 6


def test_empty_result_fails_every_symbol():
    batch = normalize_download(pd.DataFrame(), ["IWM", "SPY"])
    assert batch.frames == {} and set(batch.failed) == {"IWM", "SPY"}


def _fake_downloader(recorded, errors: dict[str, str] | None = None):
    calls = []

    def downloader(tickers, **kwargs):
        calls.append((list(tickers), kwargs))
        for ticker, why in (errors or {}).items():
            # The line shape yfinance logs for failed tickers.
            logging.getLogger("yfinance").error(f"['{ticker}']: {why}")
        return recorded

    downloader.calls = calls
    return downloader


def test_fetch_passes_explicit_options_and_captures_logged_errors(recorded):
    downloader = _fake_downloader(recorded, {"ZZZZNOPE": "YFPricesMissingError('possibly delisted')"})
    frame, reasons = fetch_download(["IWM", "SPY", "ZZZZNOPE"], None, 7.5, downloader)
    kwargs = downloader.calls[0][1]
    assert kwargs["auto_adjust"] is False and kwargs["progress"] is False
    assert kwargs["timeout"] == 7.5 and kwargs["multi_level_index"] is True
    assert reasons == {"ZZZZNOPE": "YFPricesMissingError('possibly delisted')"}


def test_rate_limited_symbols_are_retried_with_backoff(recorded):
    sleeps: list[float] = []
    attempts = {"n": 0}

    def downloader(tickers, **kwargs):
        attempts["n"] += 1
        if attempts["n"] == 1:
            logging.getLogger("yfinance").error("['SPY']: YFRateLimitError('Too Many Requests. Rate limited.')")
            return recorded.drop(columns="SPY", level="Ticker")
        return recorded

    batch = download_prices(["IWM", "SPY"], None, 5, downloader, backoff_s=1.5, sleep=sleeps.append)
    assert set(batch.frames) == {"IWM", "SPY"} and not batch.failed
    assert sleeps == [1.5]


def test_rate_limited_everything_raises_typed_error(recorded):
    def downloader(tickers, **kwargs):
        logging.getLogger("yfinance").error(f"{list(tickers)}: Too Many Requests")
        return pd.DataFrame()

    with pytest.raises(RateLimitedError):
        download_prices(["IWM"], None, 5, downloader, retries=2, sleep=lambda s: None)
