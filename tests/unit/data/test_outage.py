"""HostGuard: the first network failure of a host stops its later calls; rate limits do not."""
from __future__ import annotations

import pytest

from analytics.data.outage import FAILURE_STREAK, HostDownError, HostGuard
from analytics.errors import (
    DataUnavailableError,
    FetchTimeoutError,
    HostUnreachableError,
    RateLimitedError,
    SourceUnreachableError,
)


class Fake:
    """Two hosts: ``prices`` on A, ``fred`` on B; ``info`` on none. Raises what it is told."""

    def __init__(self):
        self.calls = []
        self.raise_next: dict[str, Exception] = {}

    @staticmethod
    def host_for(method, *args):
        return {"prices": "A", "fred": "B"}.get(method)

    def _call(self, name, arg):
        self.calls.append((name, arg))
        if name in self.raise_next:
            raise self.raise_next[name]
        return arg

    def prices(self, symbols):
        return self._call("prices", symbols)

    def fred(self, series_id):
        return self._call("fred", series_id)

    def info(self):
        return "info"


def test_first_unreachable_stops_that_host_only():
    fake = Fake()
    guard = HostGuard(fake)
    fake.raise_next["prices"] = HostUnreachableError("A: the host name does not resolve (DNS)")
    with pytest.raises(SourceUnreachableError):
        guard.prices(["X"])
    for _ in range(3):
        with pytest.raises(HostDownError) as caught:
            guard.prices(["Y"])
    assert guard.is_outage(str(caught.value)) == "A"
    assert guard.is_outage("A: the host name does not resolve (DNS)") == "A"
    assert guard.is_outage("nothing to record: X: " + guard.skip_text("A")) == "A"
    assert guard.is_outage("HTTP 404") is None
    assert fake.calls == [("prices", ["X"])]  # the three later calls never reached the source
    assert guard.skipped == {"A": 3} and list(guard.down) == ["A"]
    assert guard.fred("DFF") == "DFF" and guard.info() == "info"


@pytest.mark.parametrize("error", [RateLimitedError("A: HTTP 429"), DataUnavailableError("A: no such symbol")])
def test_rate_limits_and_missing_data_do_not_trip(error):
    fake = Fake()
    guard = HostGuard(fake)
    fake.raise_next["prices"] = error
    with pytest.raises(type(error)):
        guard.prices(["X"])
    del fake.raise_next["prices"]
    assert guard.prices(["Y"]) == ["Y"] and not guard.down


def test_a_source_without_hosts_passes_through():
    class Plain:
        def prices(self, symbols):
            raise SourceUnreachableError("down")

    guard = HostGuard(Plain())
    for _ in range(2):
        with pytest.raises(SourceUnreachableError) as caught:
            guard.prices(["X"])
        assert not isinstance(caught.value, HostDownError)
    assert not hasattr(guard, "fred_vintage")


def test_timeouts_trip_only_in_a_row():
    fake = Fake()
    guard = HostGuard(fake)
    for _ in range(FAILURE_STREAK - 1):
        fake.raise_next["prices"] = FetchTimeoutError("A: no answer within 20 s")
        with pytest.raises(FetchTimeoutError):
            guard.prices(["X"])
        del fake.raise_next["prices"]
        assert guard.prices(["Y"]) == ["Y"]  # a success resets the streak
    assert not guard.down
    fake.raise_next["prices"] = FetchTimeoutError("A: no answer within 20 s")
    for _ in range(FAILURE_STREAK):
        with pytest.raises(FetchTimeoutError):
            guard.prices(["X"])
    assert list(guard.down) == ["A"]
    with pytest.raises(HostDownError):
        guard.prices(["Y"])


@pytest.mark.parametrize("answer, reached", [(False, False), (None, True), (True, True)])
def test_a_name_that_does_not_resolve_marks_its_host_down_before_any_request(answer, reached):
    fake = Fake()
    fake.host_names = {"A": "a.example", "B": "b.example"}
    looked_up = []

    def resolve(name):
        looked_up.append(name)
        return answer

    guard = HostGuard(fake, resolve=resolve)
    for _ in range(2):
        try:
            guard.prices(["X"])
        except HostDownError as exc:
            assert "a.example does not resolve (DNS)" in guard.down["A"] and "A" in str(exc)
    assert bool(fake.calls) == reached
    assert looked_up == ["a.example"]  # once per host, and only for a host called
