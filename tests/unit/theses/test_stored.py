"""Theses kept in the store: saved under id and hash only when valid, never over a shipped id,
found by ``report --thesis ID``; hostile files store nothing."""
from __future__ import annotations

import json

import pytest

from analytics.data.store import Store
from analytics.theses.loader import ThesisError, content_hash
from analytics.theses.stored import ShippedIdError, find_thesis, save_thesis, stored_ids, stored_thesis

from .conftest import GOOD, TODAY
from .test_hostile import HEAD

BOMB = 'a: &a ["lol","lol"]\nb: [*a, *a]\n'
HOSTILE = [
    BOMB,
    "format: !!python/object/apply:os.system ['echo pwned']\n",
    b"format: 1\nid: x\xff\n",
    "a: " + "[" * 40 + "]" * 40 + "\n",
    "x" * (300 * 1024),
    HEAD + "  - id: c\n    text: t\n    metric: days_since_fed_hike\n    rule: '>= 90'\n" * 2,
]


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "store")


def test_a_valid_file_is_kept_under_its_id_with_its_hash(store):
    kept = save_thesis(store, GOOD.encode(), "mine.yaml", today=TODAY)
    assert kept.thesis.id == "test-thesis" and kept.content_hash == content_hash(GOOD)
    assert store.objects.get("theses/test-thesis.yaml")[0] == GOOD.encode()
    meta = json.loads(store.objects.get("theses/test-thesis.meta.json")[0])
    assert meta["content_hash"] == content_hash(GOOD) and meta["name"] == "mine.yaml"
    assert stored_ids(store) == ("test-thesis",)
    again = stored_thesis(store, "test-thesis")
    assert again.thesis == kept.thesis and again.content_hash == kept.content_hash
    assert stored_thesis(store, "no-such-thesis") is None


def test_a_new_version_replaces_the_old_and_changes_the_hash(store):
    save_thesis(store, GOOD, today=TODAY)
    edited = GOOD.replace("A thesis for tests", "A thesis for tests, edited")
    save_thesis(store, edited, today=TODAY)
    assert stored_thesis(store, "test-thesis").content_hash == content_hash(edited)


def test_a_shipped_id_is_refused_and_nothing_stored(store):
    with pytest.raises(ShippedIdError, match="small-caps-2024.*shipped"):
        save_thesis(store, GOOD.replace("id: test-thesis", "id: small-caps-2024"), today=TODAY)
    assert store.objects.list("theses/") == []


@pytest.mark.parametrize("data", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_and_invalid_files_store_nothing(store, data):
    with pytest.raises(ThesisError):
        save_thesis(store, data, "up.yaml", today=TODAY)
    assert store.objects.list("") == []


def test_find_thesis_after_shipped_ids_and_paths(store):
    assert find_thesis(store, None).id == "small-caps-2024"
    assert find_thesis(store, "soft-landing-2024").id == "soft-landing-2024"
    with pytest.raises(ValueError, match="stored: none"):
        find_thesis(store, "test-thesis")
    save_thesis(store, GOOD, today=TODAY)
    assert find_thesis(store, "test-thesis").title == "A thesis for tests"


def test_report_thesis_finds_a_stored_id(store, monkeypatch, capsys):
    from analytics.__main__ import run

    monkeypatch.setenv("MARKET_STORE_URL", str(store.root))
    save_thesis(store, GOOD, today=TODAY)
    assert run(["report", "--source", "demo", "--as-of", "2024-09-30", "--section", "scorecard",
                "--thesis", "test-thesis"]) == 0
    assert set(json.loads(capsys.readouterr().out)["scorecard"]) == {"lag", "hike", "rsi"}
    assert run(["report", "--source", "demo", "--as-of", "2024-09-30", "--section", "scorecard",
                "--thesis", "nothing-here"]) == 2
    assert "nothing-here" in capsys.readouterr().err
