"""Small snapshots written from demo data, for pages that must cope with gaps in a source."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analytics.data.csvdir import write_snapshot
from analytics.data.demo import DemoSource


def snapshot_ending_early(root: Path, symbols: Sequence[str], cut: Sequence[str], last_day: str,
                          universes: Sequence[str] = ()) -> str:
    """Write ``symbols`` from the demo source, drop the ``cut`` symbols' rows after ``last_day``,
    and return the source spec (``dir:...``)."""
    write_snapshot(DemoSource(), root, list(symbols), [], universes=list(universes))
    for symbol in cut:
        path = root / "prices" / f"{symbol}.csv"
        header, *rows = path.read_text().splitlines()
        path.write_text("\n".join([header] + [row for row in rows if row[:10] <= last_day]) + "\n")
    return f"dir:{root}"
