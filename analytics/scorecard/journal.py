"""The verdict journal: one record per claim, thesis version and date, kept in the store.

``journal/<thesis>.parquet`` holds, for every date the watch job evaluated a thesis, one row
per claim: the thesis id and content hash (its version), the date, the value, the rule, the
verdict, the last date of the data behind the value where the metric reads one symbol's
prices (``data_through``), and when it was computed. The object is rewritten whole, with a
compare-and-swap on its version tag (as the panels' manifests are), so two watch runs on two
replicas never lose each other's rows; a date already recorded for that thesis version is
never recorded again, so a second run on the same date changes nothing.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timezone

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.data.base import Source
from analytics.data.objectstore import PreconditionFailedError
from analytics.data.store import Store
from analytics.errors import DashboardError
from analytics.scorecard.card import ClaimResult, evaluate_claim
from analytics.theses.metrics import Context, Loaders
from analytics.theses.model import Thesis

JOURNAL_PREFIX = "journal/"
#: Columns of a journal, in order (a record's fields).
COLUMNS = ("thesis", "content_hash", "date", "claim", "value", "rule", "verdict", "data_through",
           "computed_at")
#: Tries of the read-merge-write when another writer published in between.
MAX_WRITE_ATTEMPTS = 5
_SCHEMA = pa.schema([("thesis", pa.string()), ("content_hash", pa.string()), ("date", pa.date32()),
                     ("claim", pa.string()), ("value", pa.float64()), ("rule", pa.string()),
                     ("verdict", pa.string()), ("data_through", pa.date32()),
                     ("computed_at", pa.timestamp("s", tz="UTC"))])


@dataclass(frozen=True)
class Flip:
    """A claim whose verdict on ``date`` differs from its previous journal record."""

    date: date
    claim: str
    old: str
    new: str
    value: float | None


def journal_key(thesis_id: str) -> str:
    """The journal's object key (thesis ids are validated by the thesis model)."""
    return f"{JOURNAL_PREFIX}{thesis_id}.parquet"


def _empty() -> pd.DataFrame:
    return _SCHEMA.empty_table().to_pandas()


def _decode(data: bytes) -> pd.DataFrame:
    return pq.read_table(io.BytesIO(data)).to_pandas()


def _encode(frame: pd.DataFrame) -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame[list(COLUMNS)], schema=_SCHEMA, preserve_index=False), sink)
    return sink.getvalue()


def read_journal(store: Store, thesis_id: str) -> pd.DataFrame:
    """Every record of a thesis (any version), oldest date first; empty when there is none."""
    blob = store.objects.get(journal_key(thesis_id))
    frame = _empty() if blob is None else _decode(blob[0])
    return frame.sort_values(["date", "computed_at"], kind="stable").reset_index(drop=True)


def _data_through(ctx: Context, claim) -> date | None:
    # The last close the value could use, where the metric reads one symbol's prices: what a
    # reader of an alert needs to tell a stale source from a real change.
    symbol = getattr(claim.params, "symbol", None)
    if not isinstance(symbol, str):
        return None
    try:
        bars = ctx.bars(symbol)
    except DashboardError:
        return None
    return bars.index[-1].date() if len(bars) else None


def evaluate_records(source: Source, thesis: Thesis, content_hash: str, as_of: date,
                     loaders: Loaders | None = None,
                     now: datetime | None = None) -> tuple[pd.DataFrame, list[ClaimResult]]:
    """The thesis' claims as of ``as_of`` as journal records (one row per claim)."""
    ctx = Context.on(source, as_of, loaders)
    results = [evaluate_claim(ctx, claim) for claim in thesis.claims]
    stamp = pd.Timestamp(now or datetime.now(timezone.utc)).tz_convert("UTC").floor("s")
    rows = [{"thesis": thesis.id, "content_hash": content_hash, "date": as_of, "claim": r.claim.id,
             "value": None if r.value is None else float(r.value), "rule": r.claim.rule,
             "verdict": r.verdict, "data_through": _data_through(ctx, r.claim), "computed_at": stamp}
            for r in results]
    return pd.DataFrame(rows, columns=list(COLUMNS)), results


def recorded(journal: pd.DataFrame, content_hash: str, as_of: date) -> bool:
    """Whether this thesis version already has records for the date."""
    return bool(((journal["content_hash"] == content_hash) & (journal["date"] == as_of)).any())


def flips_against(journal: pd.DataFrame, records: pd.DataFrame) -> list[Flip]:
    """Claims in ``records`` whose verdict differs from their latest earlier journal record
    (a claim new to the journal, or a first run, is no flip)."""
    out = []
    for row in records.itertuples(index=False):
        before = journal[(journal["claim"] == row.claim) & (journal["date"] < row.date)]
        if before.empty:
            continue
        old = before.iloc[-1]["verdict"]
        if old != row.verdict:
            out.append(Flip(row.date, row.claim, old, row.verdict, None if pd.isna(row.value) else row.value))
    return out


def append_records(store: Store, thesis_id: str, records: pd.DataFrame) -> bool:
    """Add ``records`` to the thesis' journal (rows of a version and date already there are
    dropped); ``True`` when something was written. Compare-and-swap, retried on a lost race."""
    key = journal_key(thesis_id)
    for _ in range(MAX_WRITE_ATTEMPTS):
        blob = store.objects.get(key)
        journal = _empty() if blob is None else _decode(blob[0])
        pairs = set(zip(journal["content_hash"], journal["date"]))
        new = records[[(h, d) not in pairs for h, d in zip(records["content_hash"], records["date"])]]
        if new.empty:
            return False
        merged = pd.concat([journal, new], ignore_index=True) if len(journal) else new
        try:
            store.objects.put_if(key, _encode(merged), None if blob is None else blob[1])
        except PreconditionFailedError:
            continue  # another writer published first: read its rows and merge again
        return True
    raise PreconditionFailedError(f"store {store.url}: {key} kept changing; tried {MAX_WRITE_ATTEMPTS} times")


def journal_flips(store: Store, thesis_id: str, since: date | str | None = None) -> list[Flip]:
    """Every verdict change in a thesis' journal on or after ``since`` (all without it), oldest
    first: each claim's record against its previous one, across thesis versions (a claim
    reworded under the same id still counts as the same claim).

    Parameters
    ----------
    store : Store
        Where the journal is.
    thesis_id : str
        The thesis.
    since : date or str, optional
        The first date whose flips are returned.

    Returns
    -------
    list of Flip
        ``(date, claim, old, new, value)`` for each change.
    """
    journal = read_journal(store, thesis_id)
    # One record per claim and date: the latest computed (a new version on the same date wins).
    journal = journal.drop_duplicates(["claim", "date"], keep="last")
    out = []
    for claim, rows in journal.groupby("claim", sort=False):
        verdicts = rows["verdict"].tolist()
        for i in range(1, len(rows)):
            if verdicts[i] != verdicts[i - 1]:
                row = rows.iloc[i]
                value = None if pd.isna(row["value"]) else float(row["value"])
                out.append(Flip(row["date"], claim, verdicts[i - 1], verdicts[i], value))
    cut = pd.Timestamp(since).date() if since is not None else None
    return sorted((f for f in out if cut is None or f.date >= cut), key=lambda f: (f.date, f.claim))
