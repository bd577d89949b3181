"""No look-ahead in the timeline: changing every observation dated after a column's date
changes nothing in that column, nor in any column before it (prices tripled, macro values
plus 5, as in :mod:`tests.unit.scorecard.test_no_lookahead`)."""
from __future__ import annotations

import shutil

import pytest

from analytics.data.csvdir import SnapshotSource
from analytics.sections import SECTIONS
from tests.unit.scorecard.test_no_lookahead import _scramble_after, _snapshot

START, SPLIT, END = "2023-11-28", "2024-01-28", "2024-05-28"


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory):
    clean = _snapshot(tmp_path_factory.mktemp("clean"))
    scrambled = tmp_path_factory.mktemp("scrambled") / "snapshot"
    shutil.copytree(clean, scrambled)
    assert _scramble_after(scrambled, SPLIT) > 1000
    timeline = SECTIONS["timeline"]
    return (timeline(SnapshotSource(clean), END, start=START, every="month"),
            timeline(SnapshotSource(scrambled), END, start=START, every="month"))


def test_no_column_on_or_before_the_split_changes_when_the_future_does(before_and_after):
    before, after = before_and_after
    assert before["dates"] == after["dates"]
    known = [i for i, day in enumerate(before["dates"]) if day <= SPLIT]
    assert len(known) == 3
    for key in ("values", "verdicts"):
        for claim, column in before[key].items():
            assert [column[i] for i in known] == [after[key][claim][i] for i in known], (key, claim)
    # Not vacuous: most claims have values then, and the scrambled later months do differ.
    assert sum(before["verdicts"][c][known[-1]] != "no_data" for c in before["verdicts"]) >= 10
    assert any(before["values"][c][-1] != after["values"][c][-1] for c in before["values"])
