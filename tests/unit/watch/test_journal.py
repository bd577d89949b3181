"""The journal's records, flips and concurrent writers, on hand-built records."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pandas as pd
import pytest

from analytics.data.objectstore import PreconditionFailedError
from analytics.data.store import Store
from analytics.scorecard.alerts import dashboard_link, merge_flips, url_secrets
from analytics.scorecard.journal import COLUMNS, Flip, append_records, journal_flips, read_journal

NOW = datetime(2026, 1, 2, tzinfo=timezone.utc)


def records(day: date, verdicts: dict[str, str], digest: str = "v1") -> pd.DataFrame:
    return pd.DataFrame([{"thesis": "t", "content_hash": digest, "date": day, "claim": claim, "value": 0.5,
                          "rule": "> 0", "verdict": verdict, "data_through": day, "computed_at": pd.Timestamp(NOW)}
                         for claim, verdict in verdicts.items()], columns=list(COLUMNS))


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "store")


def test_journal_flips_since_a_date_oldest_first(store):
    append_records(store, "t", records(date(2024, 1, 1), {"a": "supports", "b": "against"}))
    append_records(store, "t", records(date(2024, 2, 1), {"a": "against", "b": "against"}))
    append_records(store, "t", records(date(2024, 3, 1), {"a": "supports", "b": "no_data"}))
    assert journal_flips(store, "t") == [
        Flip(date(2024, 2, 1), "a", "supports", "against", 0.5),
        Flip(date(2024, 3, 1), "a", "against", "supports", 0.5),
        Flip(date(2024, 3, 1), "b", "against", "no_data", 0.5),
    ]
    assert [f.date for f in journal_flips(store, "t", since="2024-03-01")] == [date(2024, 3, 1)] * 2
    assert journal_flips(store, "none") == []


def test_the_same_version_and_date_is_never_recorded_twice_a_new_version_is(store):
    day = date(2024, 1, 1)
    assert append_records(store, "t", records(day, {"a": "supports"}))
    assert not append_records(store, "t", records(day, {"a": "against"}))
    assert append_records(store, "t", records(day, {"a": "against"}, digest="v2"))
    assert list(read_journal(store, "t")["content_hash"]) == ["v1", "v2"]


def test_a_writer_that_loses_the_race_merges_and_keeps_both(store, monkeypatch):
    append_records(store, "t", records(date(2024, 1, 1), {"a": "supports"}))
    real = store.objects.put_if
    raced = []

    def put_if(key, data, match):
        if not raced:  # another replica publishes its day between our read and our write
            raced.append(1)
            real(key, _other_day(store), match)
            raise PreconditionFailedError("lost")
        return real(key, data, match)

    monkeypatch.setattr(store.objects, "put_if", put_if)
    append_records(store, "t", records(date(2024, 3, 1), {"a": "against"}))
    assert sorted(read_journal(store, "t")["date"]) == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]


def _other_day(store) -> bytes:
    from analytics.scorecard.journal import _encode

    both = pd.concat([read_journal(store, "t"), records(date(2024, 2, 1), {"a": "supports"})], ignore_index=True)
    return _encode(both)


def test_merge_flips_keeps_one_per_claim_and_date():
    one = Flip(date(2024, 1, 1), "a", "supports", "against", 1.0)
    assert merge_flips([one], [one]) == [one]


def test_url_secrets_cover_passwords_tokens_and_query_values():
    secrets = url_secrets(["slack://TokenAAAA1/TokenBBBB2/TokenCCCC3", "mailto://me:pw@smtp.example.org?to=x",
                           "json://127.0.0.1:9/hook?key=abcdefgh123"])
    assert {"TokenAAAA1", "TokenBBBB2", "TokenCCCC3", "pw", "abcdefgh123"} <= set(secrets)
    assert dashboard_link("https://d.example.org/", "t", date(2024, 1, 2)) == \
        "https://d.example.org/?as_of=2024-01-02&thesis=t"
