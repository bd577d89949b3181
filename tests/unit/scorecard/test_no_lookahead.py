"""No look-ahead: changing every observation dated after the as-of date changes no figure of
the scorecard (nor of the sections it reads) as of that date."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analytics.catalog import CORE_SYMBOLS
from analytics.data.csvdir import SnapshotSource, write_snapshot
from analytics.data.demo import DemoSource
from analytics.data.fred_catalogue import FRED_SERIES
from analytics.sections import SECTIONS

AS_OF = "2023-11-28"
MEMBERS = 40


def _snapshot(root: Path) -> Path:
    demo = DemoSource()
    members = list(demo.universe("sp500").symbols[:MEMBERS])
    write_snapshot(demo, root, list(CORE_SYMBOLS) + members, list(FRED_SERIES), ["IWM"], [])
    (root / "universes").mkdir(exist_ok=True)
    (root / "universes" / "sp500.csv").write_text("symbol\n" + "\n".join(members) + "\n")
    return root


def _scramble_after(root: Path, day: str) -> int:
    """Triple every price and add 5 to every macro value dated after ``day``; rows changed."""
    changed = 0
    for path in list((root / "prices").glob("*.csv")) + list((root / "fred").glob("*.csv")):
        frame = pd.read_csv(path)
        later = frame["date"] > day
        numbers = [c for c in frame.columns if c != "date" and pd.api.types.is_numeric_dtype(frame[c])]
        if path.parent.name == "prices":
            frame.loc[later, numbers] = frame.loc[later, numbers] * 3
        else:
            frame.loc[later, numbers] = frame.loc[later, numbers] + 5
        changed += int(later.sum())
        frame.to_csv(path, index=False)
    return changed


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory):
    clean = _snapshot(tmp_path_factory.mktemp("clean"))
    scrambled = tmp_path_factory.mktemp("scrambled") / "snapshot"
    shutil.copytree(clean, scrambled)  # the same files, written once
    assert _scramble_after(scrambled, AS_OF) > 1000
    scorecard = SECTIONS["scorecard"]
    return scorecard(SnapshotSource(clean), AS_OF), scorecard(SnapshotSource(scrambled), AS_OF)


def test_no_scorecard_value_changes_when_the_future_does(before_and_after):
    before, after = before_and_after
    assert before == after
    # The comparison is not vacuous: most claims have a value on this date.
    assert sum(v["verdict"] != "no_data" for v in before.values()) >= 10
