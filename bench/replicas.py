"""Replicas on this machine (``make bench``, or ``python -m bench.replicas``): the app as 1 and
then 2 replicas (each ``serve.py``, warmed before it answers its health check) behind Caddy
with the load-balancing and cookie-affinity policy of deploy/Caddyfile (the same file, its
upstreams filled in: tests/browser/caddy.py), all reading one store on a loopback S3 server
that the refresh job filled from the source. Prints one JSON object.

* 2 replicas: a burst (20 viewers open the landing page and two more pages at the same instant,
  as of ``BURST_DATE``), then realistic viewers (20 joining over 60 s, pausing 10 to 30 s
  between actions, as of 2023-11-28);
* saturation: page runs per second with 12 viewers asking for cached pages back to back,
  through 1 replica and through 2, in alternated rounds; ``replica_throughput_ratio`` is 2
  replicas' rate over 1's;
* the server CPU time of one cached page run per page on one replica, beside the bare one-chart
  app's (bench/minimal_app.py);
* on the reference snapshot, what every realistic viewer saw, whichever replica served them:
  IWM YTD, the share of S&P 500 members above their 50-day average and the 1.618 target.

Loopback only; every process started here is stopped here. ``REPLICAS_QUICK=1`` shortens the
pauses and the join (a smoke run, not a measurement).
"""
from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from tests.browser.caddy import PREFIX, start_proxy  # noqa: E402
from tests.browser.conftest import free_port, start_server, stop_server  # noqa: E402
from tests.store.s3server import start_s3_server  # noqa: E402

SNAPSHOT = ROOT.parent / "shared" / "reference-data" / "snapshot"
REFRESH_TIMEOUT_S = 400
#: What the article's date shows on the reference snapshot (README, "Replaying a date").
REALITY = {"overview": "+2.1%", "breadth": "77.2%", "technicals": "295.62"}


def fill_store(source: str, env: dict) -> str:
    """The refresh job, as deployed, from ``source`` into the S3 store; its summary."""
    run = subprocess.run([sys.executable, "-m", "analytics", "refresh", "--all", "--source", source],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=REFRESH_TIMEOUT_S)
    if run.returncode not in (0, 1):  # 1: some items failed (a snapshot lacks fund data), the rest stored
        raise RuntimeError(f"refresh failed ({run.returncode}): {run.stdout[-1000:]} {run.stderr[-1000:]}")
    return run.stdout


class Stack:
    """``count`` serve.py replicas on one store behind Caddy."""

    def __init__(self, count: int, env: dict):
        self.ports = [free_port() for _ in range(count)]
        self.procs = []
        try:
            for port in self.ports:
                self.procs.append(start_server(ROOT / "serve.py", port, env))
            self.proxy = start_proxy(free_port(), [f"127.0.0.1:{p}" for p in self.ports])
        except Exception:
            self.close()
            raise

    @property
    def url(self) -> str:
        return self.proxy.url

    def close(self) -> None:
        if getattr(self, "proxy", None):
            self.proxy.stop()
        for proc in self.procs:
            stop_server(proc)


#: Saturation: rounds of each stack, alternated (1, 2, 1, 2, ...), so noise from other work on
#: the machine falls on both alike.
SATURATION_ROUNDS = 2
SATURATION_WINDOW_S = 20.0


def saturation_rounds(one: Stack, two: Stack, replicas: list[str]) -> dict:
    """Page runs per second at saturation through 1 replica and through 2, every replica's
    pages warmed first (directly, each one) so both measure cached page runs."""
    for url in replicas:
        asyncio.run(load.session(url, [load.REALITY_DATE] * len(load.SATURATION_PAGES), list(load.SATURATION_PAGES), None))
    rounds: dict[int, list[dict]] = {1: [], 2: []}
    for _ in range(SATURATION_ROUNDS):
        for count, stack in ((1, one), (2, two)):
            # What the driver and the proxy took of the machine's cores meanwhile (they share
            # them with the replicas being measured).
            driver, proxy, began = resource.getrusage(resource.RUSAGE_SELF), load.cpu_s(stack.proxy.process.pid), time.perf_counter()
            result = asyncio.run(load.saturate(stack.url, duration_s=SATURATION_WINDOW_S))
            wall, after = time.perf_counter() - began, resource.getrusage(resource.RUSAGE_SELF)
            result["driver_cores"] = round((after.ru_utime + after.ru_stime - driver.ru_utime - driver.ru_stime) / wall, 2)
            result["proxy_cores"] = round((load.cpu_s(stack.proxy.process.pid) - proxy) / wall, 2)
            result["load_average"] = os.getloadavg()[0]
            rounds[count].append(result)
    rate = {n: sum(r["page_runs"] for r in rs) / sum(r["window_s"] for r in rs) for n, rs in rounds.items()}
    return {"saturation_1_replica_runs_per_s": round(rate[1], 3), "saturation_2_replicas_runs_per_s": round(rate[2], 3),
            "saturation_errors": sum(r["errors"] for rs in rounds.values() for r in rs),
            "saturation_rounds": {f"{n}_replica{'s' if n > 1 else ''}": rs for n, rs in rounds.items()},
            "replica_throughput_ratio": round(rate[2] / rate[1], 3) if rate[1] else None}


def saw_reality(figures: list[dict]) -> dict:
    """Every viewer's figures against the snapshot's known values."""
    wrong = [f for f in figures if any(page not in f or want not in f[page] for page, want in REALITY.items())]
    return {"load_realistic_reality": REALITY, "load_realistic_reality_all_match": not wrong,
            "load_realistic_reality_mismatches": wrong[:3]}


def main(source: str | None = None) -> dict:
    quick = bool(os.environ.get("REPLICAS_QUICK"))
    source = source or (f"dir:{SNAPSHOT}" if SNAPSHOT.is_dir() else "demo")
    s3 = start_s3_server()
    cache = tempfile.TemporaryDirectory(prefix="replicas-cache-")
    out: dict = {"replicas_source": source.replace(str(ROOT.parent) + "/", "../")}
    try:
        bucket = f"replicas-{uuid.uuid4().hex[:10]}"
        s3.create_bucket(bucket)
        env = {**os.environ, **s3.env, "MARKET_STORE_URL": f"s3://{bucket}/team/store", "PYTHONPATH": str(ROOT),
               "MARKET_CACHE_DIR": cache.name}
        began = time.perf_counter()
        fill_store(source, env)
        out["replicas_store_fill_s"] = round(time.perf_counter() - began, 1)
        env.update({"DASHBOARD_SOURCE": "cache", "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
                    "STREAMLIT_SERVER_BASE_URL_PATH": PREFIX,
                    "STREAMLIT_SERVER_COOKIE_SECRET": uuid.uuid4().hex + uuid.uuid4().hex})

        two = Stack(2, env)
        try:
            bursted = asyncio.run(load.burst(two.url))
            join, pause = (10.0, (1.0, 3.0)) if quick else (load.REALISTIC_JOIN_S, load.REALISTIC_PAUSE_S)
            real = asyncio.run(load.realistic(two.url, join_s=join, pause=pause))
            direct = [f"http://127.0.0.1:{port}/{PREFIX}" for port in two.ports]
            cpu = asyncio.run(load.page_cpu_ms(direct[0], two.procs[0].pid, load.PAGES))
            one = Stack(1, env)
            try:
                saturation = saturation_rounds(one, two, direct + [f"http://127.0.0.1:{one.ports[0]}/{PREFIX}"])
            finally:
                one.close()
        finally:
            two.close()
        bare_port = free_port()
        bare = start_server(ROOT / "bench" / "minimal_app.py", bare_port, {**env, "STREAMLIT_SERVER_BASE_URL_PATH": ""})
        try:
            bare_cpu = asyncio.run(load.page_cpu_ms(bare_port, bare.pid, [load.DEFAULT_PAGE]))
        finally:
            stop_server(bare)
    finally:
        s3.stop()
        cache.cleanup()
    figures = real.pop("figures")
    out.update({
        "load_realistic_sessions": real["sessions"],
        "load_realistic_errors": real["errors"],
        "load_realistic_p50_first_ms": real["first_p50_ms"],
        "load_realistic_p95_first_ms": real["first_p95_ms"],
        "load_realistic_p50_rerun_ms": real["rerun_p50_ms"],
        "load_realistic_p95_rerun_ms": real["rerun_p95_ms"],
        "load_realistic_page_runs_per_s": real["page_runs_per_s"],
        "load_realistic": real,
        "load_burst_sessions": bursted["sessions"],
        "load_burst_errors": bursted["errors"],
        "load_burst_p50_ms": bursted["p50_ms"],
        "load_burst_p95_ms": bursted["p95_ms"],
        "load_burst_page_runs_per_s": bursted["page_runs_per_s"],
        "load_burst": bursted,
        **saturation,
        "page_cpu_ms": cpu,
        "bare_app_cpu_ms": next(iter(bare_cpu.values())),
    })
    if source.startswith("dir:") and Path(source[4:]).resolve() == SNAPSHOT.resolve():
        out.update(saw_reality(figures))
    else:
        out["load_realistic_figures_all_equal"] = all(f == figures[0] for f in figures)
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1] if len(sys.argv) > 1 else None), indent=1))
