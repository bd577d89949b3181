"""The member-load memo is shared by sessions and bounded: uploaded lists do not pile up."""
from __future__ import annotations

from ui import member_loaders


def test_the_memo_keeps_the_most_recent_lists(monkeypatch):
    memo = member_loaders._member_loads()
    memo.clear()
    loaded = []

    def fake_stored(spec, symbols, refresh=False, progress=None, parts=True):
        return None

    class Batch:
        frames, failed = {}, {}

    monkeypatch.setattr(member_loaders, "_stored_members", fake_stored)
    monkeypatch.setattr(member_loaders, "fetch_in_chunks", lambda loader, rest, progress=None: loaded.append(rest) or Batch())
    monkeypatch.setattr(member_loaders, "get_source", lambda spec: object())
    monkeypatch.setattr(member_loaders.st, "progress", lambda *a, **k: type("Bar", (), {"progress": lambda *a, **k: None, "empty": lambda self: None})())
    for i in range(member_loaders.MEMBER_LOADS_KEPT + 5):
        member_loaders.load_members("demo", (f"S{i}",), "custom")
    assert len(memo) == member_loaders.MEMBER_LOADS_KEPT
    assert ("demo", ("S0",)) not in memo and ("demo", (f"S{member_loaders.MEMBER_LOADS_KEPT + 4}",)) in memo
    calls = len(loaded)
    member_loaders.load_members("demo", ("S10",), "custom")  # kept: not loaded again
    assert len(loaded) == calls
    memo.clear()
