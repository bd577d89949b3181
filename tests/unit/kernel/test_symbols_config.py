"""Symbol validation (the gate before any path or URL) and settings from the environment."""
from __future__ import annotations

import pytest

from analytics.config import load_settings
from analytics.errors import InvalidSymbolError, redact
from analytics.symbols import to_yahoo_symbol, validate_symbol, validate_symbols


@pytest.mark.parametrize("raw, expected", [
    ("iwm", "IWM"), (" spy ", "SPY"), ("^GSPC", "^GSPC"), ("BRK-B", "BRK-B"),
    ("BTC-USD", "BTC-USD"), ("EURUSD=X", "EURUSD=X"), ("BF.B", "BF.B"),
])
def test_valid_symbols(raw, expected):
    assert validate_symbol(raw) == expected


@pytest.mark.parametrize("raw", [
    "", "../etc/passwd", "A/B", "IWM SPY", "A" * 16, "-IWM", ".X", "A..B", "IWM?x=1", "IWM&", "ÅB",
])
def test_invalid_symbols(raw):
    with pytest.raises(InvalidSymbolError):
        validate_symbol(raw)


def test_validate_symbols_dedupes_in_order():
    assert validate_symbols(["spy", "IWM", "SPY"]) == ["SPY", "IWM"]


def test_to_yahoo_symbol():
    assert to_yahoo_symbol("BRK.B") == "BRK-B"
    assert to_yahoo_symbol("BF/B") == "BF-B"


def test_settings_read_lazily(monkeypatch, tmp_path):
    monkeypatch.setenv("MARKET_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("FRED_API_KEY", "sekrit-key-123")
    settings = load_settings()
    assert settings.cache_dir == tmp_path
    assert settings.fred_api_key == "sekrit-key-123"
    assert "sekrit" not in repr(settings)


def test_bad_timeout_is_named(monkeypatch):
    monkeypatch.setenv("DASHBOARD_HTTP_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="DASHBOARD_HTTP_TIMEOUT"):
        load_settings()


def test_redact():
    assert redact("GET /x?api_key=abc123&id=DFF", ["abc123", None, ""]) == "GET /x?api_key=***&id=DFF"


def test_parse_symbol_csv():
    from analytics.breadth.universes import parse_symbol_csv

    symbols, rejected = parse_symbol_csv("Ticker,Name\nbrk.b,Berkshire\nAAPL,Apple\n../x,bad\nAAPL,dup\n")
    assert symbols == ["BRK-B", "AAPL"] and rejected == ["../x"]
    assert parse_symbol_csv("MSFT\nNVDA\n")[0] == ["MSFT", "NVDA"]
