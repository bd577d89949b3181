"""The watch job on demo data: the journal (one record per claim, idempotent), alerts on a flip
through a loopback webhook and a loopback SMTP server, none without a flip or on a first run, a
receiver that is down (journal kept, alert pending, sent on the next run), no secret in any
output."""
from __future__ import annotations

import email
import email.policy
import io
import logging
from datetime import date

import pandas as pd
import pytest

from analytics.data.demo import DemoSource
from analytics.data.store import Store
from analytics.scorecard.alerts import pending_key, read_pending
from analytics.scorecard.journal import COLUMNS, journal_flips, journal_key, read_journal
from analytics.theses.shipped import shipped_thesis
from analytics.watch import EXIT_OK, EXIT_SOME_FAILED, run_watch

from .receivers import LOOPBACK, Mailbox, Webhook, free_port

THESIS = "soft-landing-2024"
#: A Friday and the Saturday after: the same closes, so on demo data no verdict flips between
#: them unless a test forges one (a real flip between 27 and 30 September exists on demo).
DAY1, DAY2 = date(2024, 9, 27), date(2024, 9, 28)
SECRET = "s3cr3t-t0ken-4242"
DASHBOARD = "https://dash.example.org/scorecard"


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "store")


@pytest.fixture(scope="module")
def source():
    return DemoSource()


def watch(source, store, day, urls=(), only=(THESIS,)) -> tuple[int, str]:
    out = io.StringIO()
    status = run_watch(source, store, day, only, list(urls), DASHBOARD, out)
    return status, out.getvalue()


def forge_flip(store) -> str:
    """Turn the first claim with a verdict on DAY1 to the other verdict, so DAY2 flips it back."""
    journal = read_journal(store, THESIS)
    row = journal.index[journal["verdict"].isin(["supports", "against"])][0]
    journal.loc[row, "verdict"] = "against" if journal.loc[row, "verdict"] == "supports" else "supports"
    from analytics.scorecard.journal import _encode

    store.objects.put(journal_key(THESIS), _encode(journal))
    return journal.loc[row, "claim"]


def test_the_journal_has_one_record_per_claim_and_a_second_run_changes_nothing(source, store):
    status, out = watch(source, store, DAY1)
    assert status == EXIT_OK and "claims recorded" in out
    journal = read_journal(store, THESIS)
    thesis = shipped_thesis(THESIS)
    assert list(journal.columns) == list(COLUMNS)
    assert list(journal["claim"]) == [c.id for c in thesis.claims]
    assert set(journal["date"]) == {DAY1} and journal["content_hash"].nunique() == 1
    assert journal["computed_at"].notna().all()
    before = store.objects.get(journal_key(THESIS))
    status, out = watch(source, store, DAY1)
    assert status == EXIT_OK and "already recorded" in out
    assert store.objects.get(journal_key(THESIS)) == before  # byte for byte


def test_a_first_run_and_a_run_without_a_flip_send_nothing(source, store):
    with Webhook() as hook:
        url = f"json://{LOOPBACK}:{hook.port}/hook/{SECRET}"
        watch(source, store, DAY1, [url])
        watch(source, store, DAY2, [url])
        assert hook.received == []
    assert set(read_journal(store, THESIS)["date"]) == {DAY1, DAY2}
    assert journal_flips(store, THESIS) == []


def test_a_flip_sends_one_webhook_naming_the_claim_verdicts_value_rule_and_link(source, store, caplog):
    caplog.set_level(logging.DEBUG)
    watch(source, store, DAY1)
    claim_id = forge_flip(store)
    with Webhook() as hook:
        status, out = watch(source, store, DAY2, [f"json://{LOOPBACK}:{hook.port}/hook/{SECRET}"])
    assert status == EXIT_OK and "alert sent" in out
    (message,) = hook.received
    claim = shipped_thesis(THESIS).claim(claim_id)
    body = message["message"]
    assert claim_id in body and claim.text in body and claim.rule in body
    assert f"{DASHBOARD}?as_of=2024-09-28&thesis={THESIS}" in body
    assert "->" in body and "value" in body
    assert read_pending(store, THESIS) == []
    (flip,) = [f for f in journal_flips(store, THESIS, since=DAY2) if f.claim == claim_id]
    assert flip.date == DAY2 and flip.new != flip.old
    assert SECRET not in out + caplog.text + body


def test_a_flip_by_mail_to_a_loopback_smtp_server(source, store):
    watch(source, store, DAY1)
    claim_id = forge_flip(store)
    with Mailbox() as box:
        url = (f"mailto://watch:{SECRET}@{LOOPBACK}:{box.port}?mode=insecure&login=no"
               "&from=watch@example.org&to=team@example.org")
        status, out = watch(source, store, DAY2, [url])
    assert status == EXIT_OK, out
    (raw,) = box.messages
    mail = email.message_from_string(raw, policy=email.policy.default)
    text = mail.get_body(("plain",)).get_content()
    assert claim_id in text and f"as_of=2024-09-28&thesis={THESIS}" in text
    assert "changed verdict" in mail["Subject"]
    assert box.logins == [b"watch"] and SECRET not in out


def test_a_receiver_that_is_down_keeps_the_journal_and_the_alert_for_the_next_run(source, store, caplog):
    caplog.set_level(logging.DEBUG)
    watch(source, store, DAY1)
    claim_id = forge_flip(store)
    port = free_port()
    url = f"json://{LOOPBACK}:{port}/hook/{SECRET}"
    status, out = watch(source, store, DAY2, [url])
    assert status == EXIT_SOME_FAILED and "kept for the next run" in out
    assert DAY2 in set(read_journal(store, THESIS)["date"])  # the journal moved on
    assert [f.claim for f in read_pending(store, THESIS)] == [claim_id]
    assert SECRET not in out + caplog.text
    # Next run, same date: nothing new to record, the pending alert goes out, once.
    with Webhook() as hook:
        status, out = watch(source, store, DAY2, [f"json://{LOOPBACK}:{hook.port}/hook/{SECRET}"])
        assert status == EXIT_OK and "already recorded" in out and "alert sent" in out
        assert len(hook.received) == 1 and claim_id in hook.received[0]["message"]
        assert store.objects.get(pending_key(THESIS)) is None
        watch(source, store, DAY2, [f"json://{LOOPBACK}:{hook.port}/hook/{SECRET}"])
        assert len(hook.received) == 1


def test_the_cli_never_prints_an_alert_url_s_secret(monkeypatch, capsys, tmp_path):
    from analytics.__main__ import run

    monkeypatch.setenv("MARKET_STORE_URL", str(tmp_path / "cli-store"))
    monkeypatch.setenv("ALERT_URLS", f"json://{LOOPBACK}:{free_port()}/hook/{SECRET}, bogus://{SECRET}")
    assert run(["watch", "--source", "demo", "--as-of", "2024-09-30", "--thesis", THESIS]) in (0, 1)
    assert run(["watch", "--source", "demo", "--as-of", "2024-09-30", "--thesis", "nope"]) == 2
    printed = capsys.readouterr()
    assert SECRET not in printed.out + printed.err and "nope" in printed.err
    frame = pd.read_parquet(tmp_path / "cli-store" / "journal" / f"{THESIS}.parquet")
    assert len(frame) == len(shipped_thesis(THESIS).claims)


def test_a_thesis_kept_in_the_store_is_watched_under_its_version(source, store):
    from analytics.theses.loader import content_hash
    from analytics.theses.stored import save_thesis
    from tests.app.test_scorecard_page import UPLOAD

    save_thesis(store, UPLOAD, "mine.yaml")
    status, out = watch(source, store, DAY1, only=())
    assert status == EXIT_OK and "watch my-thesis" in out and "watch small-caps-2024" in out
    journal = read_journal(store, "my-thesis")
    assert list(journal["claim"]) == ["spy_up"] and set(journal["content_hash"]) == {content_hash(UPLOAD)}
    assert journal["data_through"].iloc[0] == DAY1  # SPY's last close on or before the Friday
    # A new version of the file is a new version in the journal, on the same date.
    save_thesis(store, UPLOAD.replace("My own thesis", "My own thesis, revised"), "mine.yaml")
    watch(source, store, DAY1, only=("my-thesis",))
    assert read_journal(store, "my-thesis")["content_hash"].nunique() == 2


def test_a_stored_file_that_no_longer_validates_is_named_and_the_others_run(source, store):
    store.objects.put("theses/old-thesis.yaml", b"format: 1\nid: old-thesis\n")
    status, out = watch(source, store, DAY1, only=())
    assert status == EXIT_SOME_FAILED
    assert "watch old-thesis: not evaluated" in out and "watch small-caps-2024" in out


def test_a_second_run_while_one_holds_the_lease_does_nothing(source, store):
    from analytics.data.lease import acquire

    with acquire(store, "watch", owner="other replica"):
        out = io.StringIO()
        assert run_watch(source, store, DAY1, (THESIS,), out=out, wait_s=0) == EXIT_SOME_FAILED
    assert "holds the lease" in out.getvalue() and read_journal(store, THESIS).empty
