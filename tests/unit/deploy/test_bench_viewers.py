"""The realistic viewers' plans are seeded and do what the issue describes, and the proxy the
tests and the bench start is deploy/Caddyfile with only its address and upstreams changed."""
from __future__ import annotations

import re

import pytest

from bench.load import CONTROLS, OTHER_PAGES, REALISTIC_PAUSE_S, SESSIONS, stream_url, viewer_plan
from tests.browser.caddy import CADDYFILE, caddyfile_for, cookie_name, cookie_value


def test_each_viewer_pauses_10_to_30_s_and_opens_three_other_pages_the_same_way_every_run():
    plans = [viewer_plan(i) for i in range(SESSIONS)]
    assert plans == [viewer_plan(i) for i in range(SESSIONS)]  # seeded
    for pauses, order in plans:
        assert len(pauses) == 5 and all(REALISTIC_PAUSE_S[0] <= p <= REALISTIC_PAUSE_S[1] for p in pauses)
        assert sorted(order) == sorted(OTHER_PAGES) and order[-1] in CONTROLS
    assert len({tuple(order) for _, order in plans}) > 1 and len({p[0] for p, _ in plans}) == SESSIONS
    assert viewer_plan(0, seed=1) != viewer_plan(0, seed=2)


def test_stream_url_through_the_proxy_keeps_the_prefix():
    assert stream_url(8501) == "ws://127.0.0.1:8501/_stcore/stream"
    assert stream_url("http://127.0.0.1:9000/dashboard") == "ws://127.0.0.1:9000/dashboard/_stcore/stream"


def test_the_proxy_config_is_deploy_caddyfile_with_address_and_upstreams_filled_in():
    original = CADDYFILE.read_text()
    filled = caddyfile_for(4321, ["127.0.0.1:1", "127.0.0.1:2"])
    assert "http://127.0.0.1:4321 {" in filled and "to 127.0.0.1:1 127.0.0.1:2" in filled
    assert "admin off" in filled and "dynamic a app" not in filled
    # Every other line of the deployed file is there unchanged (the policy under test).
    kept = [line for line in original.splitlines() if line.strip() and ":8080 {" not in line and "dynamic a app" not in line]
    assert all(line in filled.splitlines() for line in kept)
    assert re.search(r"lb_policy cookie \w+", filled) and cookie_name() == "dashboard_replica"
    with pytest.raises(AssertionError):
        caddyfile_for(1, ["127.0.0.1:1"], source=original.replace("dynamic a app 8501", "to app:8501"))


def test_the_sticky_cookie_names_an_upstream_by_its_hmac():
    assert cookie_value("127.0.0.1:1") != cookie_value("127.0.0.1:2")
    assert re.fullmatch(r"[0-9a-f]{64}", cookie_value("127.0.0.1:1"))
