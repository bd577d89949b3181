"""The snapshot directory source (``dir:PATH``) and its writer.

Format version 1 (DESIGN.md)::

    manifest.json          {"format": 1, ...}
    prices/<SYMBOL>.csv    date,open,high,low,close,volume[,adj_close]
                           (adj_close optional: split+dividend adjusted, the total-return basis)
    fred/<SERIES_ID>.csv   date,value
    holdings/<FUND>.csv    symbol,name,sector,weight
    universes/<NAME>.csv   symbol
"""
from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analytics.data.atomic import atomic_write_text
from analytics.data.base import Holdings, PriceBatch, SourceInfo, Universe, normalize_ohlcv
from analytics.data.fred import normalize_fredgraph_csv, validate_series_id
from analytics.data.live import UNIVERSE_FUNDS
from analytics.errors import DataUnavailableError
from analytics.symbols import validate_symbol

SNAPSHOT_FORMAT = 1
NO_FUND_DATA = ("the snapshot format (version 1) holds prices, FRED series, holdings and universes, "
                "no fund valuation or member earnings")
UNIVERSE_NAME_PATTERN = "abcdefghijklmnopqrstuvwxyz0123456789_"


def _check_universe_name(name: str) -> str:
    cleaned = str(name).strip().lower()
    if not cleaned or any(ch not in UNIVERSE_NAME_PATTERN for ch in cleaned):
        raise ValueError(f"{name!r} is not a universe name (lower-case letters, digits, _)")
    return cleaned


def _date_or_none(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _read_price_csv(path: str, mtime: float, symbol: str) -> pd.DataFrame:
    # Parsed and normalised once per file version (mtime in the key: a rewritten file is read
    # again): a breadth view reads 500 files per date, and parsing them was most of its cost.
    # Callers cannot alter the cached frame: pandas' copy-on-write copies on the first change.
    return normalize_ohlcv(pd.read_csv(path), symbol)


@lru_cache(maxsize=256)
def _read_fred_csv(path: str, mtime: float, series_id: str) -> pd.Series:
    # As for prices: every as-of view of the macro page and the scorecard asks for the same
    # decades of FRED history, and parsing them again was most of a new date's cost.
    return normalize_fredgraph_csv(Path(path).read_text(encoding="utf-8"), series_id)


class SnapshotSource:
    """Reads a snapshot directory; never touches the network."""

    kind = "snapshot"

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).expanduser().resolve()
        manifest_path = self.root / "manifest.json"
        if not manifest_path.is_file():
            raise DataUnavailableError(f"{self.root} is not a snapshot: no manifest.json")
        try:
            self.manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise DataUnavailableError(f"{manifest_path}: unreadable manifest ({exc})") from exc
        if self.manifest.get("format") != SNAPSHOT_FORMAT:
            raise DataUnavailableError(
                f"{self.root}: snapshot format {self.manifest.get('format')!r}, "
                f"this version reads {SNAPSHOT_FORMAT}"
            )

    def info(self) -> SourceInfo:
        mtime = (self.root / "manifest.json").stat().st_mtime
        return SourceInfo(
            kind="snapshot",
            label=f"Snapshot: {self.root.parent.name}/{self.root.name}",
            fetched_at=datetime.fromtimestamp(mtime),
            detail=str(self.root),
        )

    def prices(self, symbols: Sequence[str], start: date | None = None) -> PriceBatch:
        batch = PriceBatch()
        for raw in symbols:
            symbol = validate_symbol(raw)
            path = self.root / "prices" / f"{symbol}.csv"
            if not path.is_file():
                batch.failed[symbol] = "not in this snapshot"
                continue
            try:
                frame = _read_price_csv(str(path), path.stat().st_mtime, symbol)
            except (DataUnavailableError, ValueError, OSError) as exc:
                batch.failed[symbol] = f"unreadable file ({exc})"
                continue
            batch.frames[symbol] = frame if start is None else frame[frame.index >= pd.Timestamp(start)]
        return batch

    def fred(self, series_id: str) -> pd.Series:
        series_id = validate_series_id(series_id)
        path = self.root / "fred" / f"{series_id}.csv"
        if not path.is_file():
            raise DataUnavailableError(f"FRED {series_id}: not in this snapshot")
        return _read_fred_csv(str(path), path.stat().st_mtime, series_id)

    def holdings(self, fund: str) -> Holdings:
        fund = validate_symbol(fund)
        path = self.root / "holdings" / f"{fund}.csv"
        if not path.is_file():
            raise DataUnavailableError(f"{fund} holdings: not in this snapshot")
        frame = pd.read_csv(path, dtype={"symbol": str, "name": str, "sector": str})
        frame["weight"] = pd.to_numeric(frame["weight"], errors="coerce")
        as_of = _date_or_none(self.manifest.get("holdings", {}).get(fund, {}).get("as_of"))
        return Holdings(fund=fund, frame=frame, as_of=as_of)

    def universe(self, name: str) -> Universe:
        name = _check_universe_name(name)
        path = self.root / "universes" / f"{name}.csv"
        if not path.is_file():
            raise DataUnavailableError(f"universe {name!r}: not in this snapshot")
        symbols = pd.read_csv(path, dtype=str)["symbol"].dropna().str.strip().tolist()
        meta = self.manifest.get("universes", {}).get(name, {})
        as_of = _date_or_none(meta.get("as_of"))
        if as_of is None and name in UNIVERSE_FUNDS:
            as_of = _date_or_none(
                self.manifest.get("holdings", {}).get(UNIVERSE_FUNDS[name], {}).get("as_of")
            )
        return Universe(name=name, symbols=tuple(symbols), as_of=as_of)

    def fund_data(self, symbol: str):
        raise DataUnavailableError(f"{validate_symbol(symbol)} fund data: {NO_FUND_DATA}")

    def equity_fundamentals(self, symbols: Sequence[str]):
        raise DataUnavailableError(f"member earnings: {NO_FUND_DATA}")


def write_snapshot(
    source,
    root: str | os.PathLike[str],
    symbols: Sequence[str],
    series_ids: Sequence[str],
    funds: Sequence[str] = (),
    universes: Sequence[str] = (),
) -> dict:
    """Write what ``source`` has for the given items as a format-1 snapshot; return the manifest.

    Items the source cannot supply are listed under ``"missing"`` in the manifest rather than
    aborting the export.
    """
    root = Path(root)
    manifest: dict = {
        "format": SNAPSHOT_FORMAT,
        "created": datetime.now().isoformat(timespec="seconds"),
        "source": source.info().label,
        "prices": {},
        "fred": {},
        "holdings": {},
        "universes": {},
        "missing": {},
    }
    batch = source.prices(symbols)
    for symbol, frame in batch.frames.items():
        out = frame.reset_index()
        out["date"] = out["date"].dt.strftime("%Y-%m-%d")
        atomic_write_text(root / "prices" / f"{symbol}.csv", out.to_csv(index=False))
        manifest["prices"][symbol] = [out["date"].iloc[0], out["date"].iloc[-1], len(out)]
    manifest["missing"].update({s: why for s, why in batch.failed.items()})
    for series_id in series_ids:
        try:
            series = source.fred(series_id)
        except DataUnavailableError as exc:
            manifest["missing"][series_id] = str(exc)
            continue
        out = pd.DataFrame({"date": series.index.strftime("%Y-%m-%d"), "value": series.to_numpy()})
        atomic_write_text(root / "fred" / f"{series_id}.csv", out.to_csv(index=False))
        manifest["fred"][series_id] = [out["date"].iloc[0], out["date"].iloc[-1], len(out)]
    for fund in funds:
        try:
            held = source.holdings(fund)
        except DataUnavailableError as exc:
            manifest["missing"][f"holdings:{fund}"] = str(exc)
            continue
        atomic_write_text(root / "holdings" / f"{fund}.csv", held.frame.to_csv(index=False))
        manifest["holdings"][fund] = {
            "as_of": held.as_of.isoformat() if held.as_of else None,
            "rows": len(held.frame),
        }
    for name in universes:
        try:
            members = source.universe(name)
        except DataUnavailableError as exc:
            manifest["missing"][f"universe:{name}"] = str(exc)
            continue
        text = pd.DataFrame({"symbol": list(members.symbols)}).to_csv(index=False)
        atomic_write_text(root / "universes" / f"{name}.csv", text)
        manifest["universes"][name] = {
            "as_of": members.as_of.isoformat() if members.as_of else None,
            "members": len(members.symbols),
        }
    atomic_write_text(root / "manifest.json", json.dumps(manifest, indent=1))
    return manifest
