"""Load driver: N concurrent viewers on one server, through Streamlit's own websocket protocol.

Each session opens ``/_stcore/stream`` the way the browser does (subprotocol ``streamlit``),
then asks for every page in turn with its own as-of date (a ``rerun_script`` back-message
carrying the page name and the query string) and waits for that run's ``script_finished``.
A page's run time is from the request to ``script_finished``: the server's whole work for
one viewer's page, with every other session competing for the same process. A run that ends
with an exception element, an error alert, no ``script_finished`` within ``PAGE_TIMEOUT_S``
or a dropped connection counts as an error.

Loopback only and bounded: a fixed number of sessions and pages, a soak with a deadline.

    python -m bench.load --source demo --sessions 20            # one load round, JSON out
    python -m bench.load --source dir:PATH --reality            # 20 sessions vs one, same figures
    LOAD_SOAK_S=60 python -m bench.load --source demo --soak    # a short soak (default 300 s)
    python -m bench.load --realistic --url http://127.0.0.1:8080/dashboard   # people, through a proxy
    python -m bench.load --burst --source demo                  # 20 viewers at one instant

Realistic viewers join over 60 s and, pausing 10 to 30 s (seeded) between actions, change the
as-of date, open three other pages and move one control; the first page and each rerun are
timed apart. A burst opens the landing page and two more for every viewer at once. Both
report p50/p95, errors and page runs per second (bench/replicas.py runs them through replicas).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import SERVER_START_TIMEOUT_S, free_port, stop_server  # noqa: E402

#: url_path of every page, read from app.py so a new page is loaded by itself.
_APP = (ROOT / "app.py").read_text()
PAGES = re.findall(r'url_path="([a-z_]+)"', _APP)
#: The default page answers at "/", so it is asked for by the empty page name.
DEFAULT_PAGE = next(iter(re.findall(r'url_path="([a-z_]+)",\s*default=True', _APP)), "")
SESSIONS = 20
PAGE_TIMEOUT_S = 120.0
SOAK_S = float(os.environ.get("LOAD_SOAK_S", "300"))
SOAK_WARMUP_S = 60.0
SOAK_WAVE = 5  # sessions opened together, run every page, then closed, wave after wave
#: A wave starts at most this often, so sessions open and close at a steady rate: the server
#: keeps a closed session for ``server.disconnectedSessionTTL``, so a burst of quick waves
#: (cached dates) holds more closed sessions at once and reads as growth that is not a leak.
SOAK_WAVE_EVERY_S = 12.0
#: Distinct as-of dates the soak cycles through (2015-2024): more than its sessions, so each
#: wave brings dates of its own, as new colleagues would.
SOAK_DATES = 200
#: Smaller rounds that find how many concurrent viewers one server holds within the p95 target.
CAPACITY_SESSIONS = (2, 4, 8)
P95_TARGET_MS = 2000.0
REALITY_DATE = "2023-11-28"
#: Where the figures the reality check compares are read from, per page.
FIGURES = {
    "overview": ("metric", "IWM YTD"),
    "breadth": ("metric", "Above 50-day"),
    "technicals": ("annotation", re.compile(r"1\.618 (?:·|\\u00b7) ([\d,]+\.\d+)")),
}


@dataclass
class PageRun:
    page: str
    as_of: str
    ms: float
    error: str = ""
    figure: str | None = None


@dataclass
class SessionResult:
    runs: list[PageRun] = field(default_factory=list)


def _messages():
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return BackMsg, ForwardMsg


def _figure(page: str, element) -> str | None:
    """The figure the reality check compares, if ``element`` carries it."""
    kind, what = FIGURES.get(page, (None, None))
    which = element.WhichOneof("type")
    if kind == "metric" and which == "metric" and element.metric.label == what:
        return element.metric.body
    if kind == "annotation" and which == "plotly_chart":
        found = what.search(element.plotly_chart.spec)
        return found.group(1) if found else None
    return None


#: With ``light``, forward-messages larger than this are not parsed (they are figures and
#: tables, never the end of a run nor an error): at saturation the driver shares the machine's
#: cores with the replicas it measures, and parsing every figure took a share of them.
LIGHT_PARSE_BYTES = 8192


async def run_page(ws, page: str, as_of: str, first: bool, controls: dict[str, str] | None = None,
                   light: bool = False) -> PageRun:
    """Ask for one page and read forward-messages until its run finishes. ``as_of`` empty:
    the link without a date (the latest); ``controls``: URL-bound controls' values."""
    BackMsg, ForwardMsg = _messages()
    back = BackMsg()
    back.rerun_script.query_string = urlencode({**({"as_of": as_of} if as_of else {}), **(controls or {})})
    back.rerun_script.page_name = "" if page == DEFAULT_PAGE else page
    started = time.perf_counter()
    await ws.send(back.SerializeToString())
    error, figure = "", None
    deadline = started + PAGE_TIMEOUT_S
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            error = f"no script_finished within {PAGE_TIMEOUT_S:.0f} s"
            break
        raw = await asyncio.wait_for(ws.recv(), remaining)
        if light and len(raw) > LIGHT_PARSE_BYTES:
            continue
        msg = ForwardMsg.FromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            which = element.WhichOneof("type")
            if which == "exception":
                error = error or f"exception: {element.exception.type}: {element.exception.message[:120]}"
            elif which == "alert" and element.alert.format == element.alert.ERROR:
                error = error or f"error alert: {element.alert.body[:120]}"
            figure = figure or _figure(page, element)
        elif kind == "page_not_found":
            error = f"page not found: {page}"
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            break
    return PageRun(page, as_of, (time.perf_counter() - started) * 1000, error, figure)


def stream_url(target: int | str) -> str:
    """The websocket a browser opens: a server's port on loopback, or a base URL (``http://
    127.0.0.1:PORT/dashboard``, as behind the proxy)."""
    if isinstance(target, int):
        return f"ws://127.0.0.1:{target}/_stcore/stream"
    return target.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"


def connect(target: int | str):
    import websockets

    return websockets.connect(stream_url(target), subprotocols=["streamlit"], max_size=2**27,
                              open_timeout=60, ping_interval=None)


async def session(port: int | str, dates: list[str], pages: list[str], hold: asyncio.Event | None,
                  ready: list | None = None) -> SessionResult:
    """One viewer: connect, run each page with its as-of date, then (with ``hold``) stay
    connected until told to leave, so the server keeps its session state meanwhile."""
    result = SessionResult()
    try:
        async with connect(port) as ws:
            for i, (page, as_of) in enumerate(zip(pages, dates)):
                result.runs.append(await run_page(ws, page, as_of, i == 0))
            if ready is not None:
                ready.append(1)
            if hold is not None:
                await hold.wait()
    except Exception as exc:  # noqa: BLE001 (a dropped session is an error to count, not a crash)
        result.runs.append(PageRun("(connection)", "", 0.0, f"{type(exc).__name__}: {exc}"[:160]))
    return result


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def session_dates(index: int, count: int, same: str | None = None) -> list[str]:
    """Each session's as-of date (the same for every page of it): ``count`` dates spread over
    2015-2024, session ``index`` on the ``index % count``-th, or ``same`` for all."""
    if same:
        return [same] * len(PAGES)
    count = max(count, 1)
    day = date(2015, 6, 1) + timedelta(days=(index % count) * 3650 // count)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return [day.isoformat()] * len(PAGES)


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Server:
    """The app on a free loopback port, with its own cache directory; its output goes to a
    file (``log``), never to a pipe nobody reads, which would stall it once full."""

    def __init__(self, source: str, env: dict[str, str] | None = None) -> None:
        import subprocess
        import urllib.request

        self.cache = tempfile.TemporaryDirectory(prefix="load-cache-")
        self.port = free_port()
        self.log = Path(self.cache.name) / "server.log"
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(self.port),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        full_env = {**os.environ, "DASHBOARD_SOURCE": source, "MARKET_CACHE_DIR": self.cache.name, **(env or {})}
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.close()
        raise RuntimeError(f"streamlit did not start on port {self.port}")

    def rss(self) -> float:
        return rss_mb(self.proc.pid)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def close(self) -> None:
        stop_server(self.proc)
        self.cache.cleanup()


async def load_round(server: Server, sessions: int, same_date: str | None = None) -> dict:
    """Warm the caches with one session, then ``sessions`` concurrent ones, held open while the
    server's memory is read; returns per-page times, errors and memory per extra session."""
    warm = await session(server.port, session_dates(0, 1, same_date), PAGES, None)
    one = await session(server.port, session_dates(0, 1, same_date), PAGES, None)  # warm, alone
    hold, ready = asyncio.Event(), []
    baseline_hold = asyncio.Event()
    base_task = asyncio.create_task(session(server.port, session_dates(0, 1, same_date), PAGES,
                                            baseline_hold, ready))
    while not ready:
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)
    rss_one = server.rss()
    ready.clear()
    # Index 0 is the warm-up's (and the held baseline's) date: every other session brings a
    # date of its own, so a round of 2 measures a new date too, not a replay of a cached one.
    tasks = [asyncio.create_task(session(server.port, session_dates(i, sessions, same_date), PAGES,
                                         hold, ready)) for i in range(1, sessions)]
    while len(ready) < sessions - 1 and not all(t.done() for t in tasks):
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)
    rss_all = server.rss()
    hold.set()
    baseline_hold.set()
    results = [await base_task] + [await t for t in tasks]
    runs = [r for res in results for r in res.runs]
    times = [r.ms for r in runs if not r.error]
    by_page = {p: [r.ms for r in runs if r.page == p and not r.error] for p in PAGES}
    return {
        "sessions": sessions,
        "p50_ms": round(statistics.median(times), 1) if times else None,
        "p95_ms": round(_quantile(times, 0.95), 1) if times else None,
        "errors": sum(1 for r in runs if r.error),
        "error_samples": sorted({r.error for r in runs if r.error})[:5],
        "page_p50_ms": {p: round(statistics.median(v), 1) for p, v in by_page.items() if v},
        "page_p95_ms": {p: round(_quantile(v, 0.95), 1) for p, v in by_page.items() if v},
        "single_session_ms": {r.page: round(r.ms, 1) for r in one.runs},
        "warmup_errors": sum(1 for r in warm.runs + one.runs if r.error),
        "rss_one_session_mb": round(rss_one, 1),
        "rss_all_sessions_mb": round(rss_all, 1),
        "mb_per_session": round((rss_all - rss_one) / max(sessions - 1, 1), 2),
        "figures": [{r.page: r.figure for r in res.runs if r.figure} for res in results],
    }


async def soak(server: Server, duration_s: float = SOAK_S, wave: int = SOAK_WAVE) -> dict:
    """Waves of ``wave`` sessions open, run every page and close until ``duration_s`` has
    passed; memory is sampled after each wave. Drift: the largest departure of a sample from
    the first one taken after ``SOAK_WARMUP_S`` (or a fifth of a short soak), as a fraction.
    A wave starts every ``SOAK_WAVE_EVERY_S`` (later when the last one ran longer)."""
    started, samples, errors, waves, seen = time.monotonic(), [], 0, 0, set()
    warmup = min(SOAK_WARMUP_S, duration_s / 5)
    while time.monotonic() - started < duration_s:
        began = time.monotonic()
        batch = await asyncio.gather(*(session(server.port, session_dates(waves * wave + i, SOAK_DATES), PAGES,
                                               None) for i in range(wave)))
        errors += sum(1 for res in batch for r in res.runs if r.error)
        seen.update(f"{r.page}: {r.error}" for res in batch for r in res.runs if r.error)
        waves += 1
        await asyncio.sleep(0.5)  # let the server drop the closed sessions
        samples.append((time.monotonic() - started, server.rss()))
        await asyncio.sleep(max(0.0, SOAK_WAVE_EVERY_S - (time.monotonic() - began)))
    after = [mb for t, mb in samples if t >= warmup] or [samples[-1][1]]
    level = after[0]
    drift = max(abs(mb - level) for mb in after) / level
    return {"soak_s": round(time.monotonic() - started, 1), "soak_waves": waves,
            "soak_sessions": waves * wave, "soak_errors": errors, "soak_error_samples": sorted(seen)[:5],
            "soak_rss_after_warmup_mb": round(level, 1), "soak_rss_end_mb": round(samples[-1][1], 1),
            "soak_memory_drift": round(drift, 4),
            "soak_rss_samples_mb": [round(mb, 1) for _, mb in samples]}


def reality(source: str, sessions: int = SESSIONS) -> dict:
    """``sessions`` concurrent viewers as of 2023-11-28 each see what one viewer sees."""
    server = Server(source)
    try:
        figures = asyncio.run(load_round(server, sessions, same_date=REALITY_DATE))["figures"]
    finally:
        server.close()
    single, rest = figures[0], figures[1:]
    return {"reality_sessions": sessions, "reality_single": single,
            "reality_all_equal": all(f == single for f in rest),
            "reality_mismatches": [f for f in rest if f != single][:3]}


def measure(source: str, sessions: int = SESSIONS, soak_s: float | None = None, replay: bool = False) -> dict:
    """One load round, and a soak when ``soak_s`` (seconds) is given, on a fresh server. With
    ``replay``, the same round again on the same server (every session's dates now cached: no
    page computes anything new), as ``replay_p50_ms``/``replay_p95_ms``: the floor that cheaper
    page work alone could reach on this server."""
    server = Server(source)
    try:
        out = asyncio.run(load_round(server, sessions))
        if replay:
            again = asyncio.run(load_round(server, sessions))
            out.update(replay_p50_ms=again["p50_ms"], replay_p95_ms=again["p95_ms"],
                       replay_page_p50_ms=again["page_p50_ms"], replay_errors=again["errors"])
        if soak_s:
            out.update(asyncio.run(soak(server, soak_s)))
    finally:
        server.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="demo")
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--soak", action="store_true", help=f"also soak for LOAD_SOAK_S ({SOAK_S:.0f}) s")
    parser.add_argument("--reality", action="store_true", help=f"same figures in every session as of {REALITY_DATE}")
    parser.add_argument("--realistic", action="store_true",
                        help=f"viewers joining over {REALISTIC_JOIN_S:.0f} s, pausing between actions (seeded)")
    parser.add_argument("--burst", action="store_true", help="viewers opening three pages at the same instant")
    parser.add_argument("--url", help="a running app (http://127.0.0.1:PORT[/PREFIX], e.g. behind the proxy) "
                                      "instead of a server started here on --source")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if not 1 < args.sessions <= 200:
        parser.error(f"--sessions must be 2 to 200, got {args.sessions}")
    if args.url and not args.url.startswith(("http://127.0.0.1:", "http://localhost:")):
        parser.error("--url must be on this machine (http://127.0.0.1:PORT...)")
    if args.realistic or args.burst:
        server = None if args.url else Server(args.source)
        target = args.url or server.port
        try:
            out = asyncio.run(realistic(target, args.sessions, seed=args.seed) if args.realistic else burst(target, args.sessions))
        finally:
            if server:
                server.close()
        out.pop("figures", None)
    else:
        out = reality(args.source, args.sessions) if args.reality else \
            measure(args.source, args.sessions, SOAK_S if args.soak else None)
    print(json.dumps(out, indent=1))
    return 0



def capacity(source: str, sizes=CAPACITY_SESSIONS, target_ms: float = P95_TARGET_MS) -> dict:
    """p95 page-run time of a round of each size in ``sizes`` (a fresh server each, stopped at
    the first size over ``target_ms``), and the largest size within it (0: not even the first)."""
    p95s: dict[int, float] = {}
    for size in sizes:
        server = Server(source)
        try:
            p95s[size] = asyncio.run(load_round(server, size))["p95_ms"]
        finally:
            server.close()
        if p95s[size] is None or p95s[size] > target_ms:
            break
    held = [size for size, p95 in p95s.items() if p95 is not None and p95 <= target_ms]
    return {"load_capacity_sessions": max(held, default=0), "load_capacity_p95_ms": p95s}


def load_figures(demo: str, snapshot: str | None, sessions: int = SESSIONS,
                 soak_s: float = SOAK_S) -> dict:
    """What ``make bench`` records: a load round on demo and on the snapshot (when there is
    one), the soak on the last of them, and the reality check on the snapshot. The headline
    figures are the worse of the two sources."""
    sources = {"demo": demo, **({"snapshot": snapshot} if snapshot else {})}
    rounds = {}
    for name, spec in sources.items():
        rounds[name] = measure(spec, sessions, soak_s if name == list(sources)[-1] else None, replay=name == "demo")
    worst = list(rounds.values())
    soaked = rounds[list(sources)[-1]]
    out = {
        "load_sessions": sessions,
        "load_p50_ms": max(r["p50_ms"] or float("inf") for r in worst),
        "load_p95_ms": max(r["p95_ms"] or float("inf") for r in worst),
        "load_errors": sum(r["errors"] for r in worst),
        "load_mb_per_session": max(r["mb_per_session"] for r in worst),
        "soak_memory_drift": soaked["soak_memory_drift"],
        "soak_s": soaked["soak_s"],
        "soak_errors": soaked["soak_errors"],
        "soak_source": list(sources)[-1],
        # The same 20 sessions again on demo, every date cached: what is left is Streamlit's
        # own per-run work and the figures, queued behind one interpreter.
        "load_replay_p50_ms": rounds["demo"]["replay_p50_ms"],
        "load_replay_p95_ms": rounds["demo"]["replay_p95_ms"],
    }
    for name, result in rounds.items():
        out[f"load_{name}"] = {k: v for k, v in result.items() if k != "figures"}
    if snapshot:
        out.update(reality(snapshot, sessions))
    out.update(capacity(list(sources.values())[-1]))
    return out


# -- issue 26: viewers as people use the dashboard, a burst, and saturation -----------------

#: Realistic viewers join over this many seconds and pause between actions (seeded).
REALISTIC_JOIN_S = 60.0
REALISTIC_PAUSE_S = (10.0, 30.0)
#: The three other pages each realistic viewer opens (in a seeded order; the control is moved
#: on the last, never the Overview, which has none of its own).
OTHER_PAGES = ("overview", "breadth", "technicals")
#: One URL-bound control per page and the value it is moved to.
CONTROLS = {"breadth": ("years", "3"), "technicals": ("bars", "Weekly")}
#: The burst: the landing page and two more, every viewer at the same instant.
BURST_PAGES = (DEFAULT_PAGE, "overview", "breadth")
BURST_DATE = "2024-03-28"
SEED = 26


@dataclass
class Viewer:
    first: PageRun | None = None
    reruns: list[PageRun] = field(default_factory=list)

    @property
    def runs(self) -> list[PageRun]:
        return ([self.first] if self.first else []) + self.reruns


def viewer_plan(index: int, seed: int = SEED, pause=REALISTIC_PAUSE_S) -> tuple[list[float], list[str]]:
    """Viewer ``index``'s pauses (five: before the date change, each page and the control) and
    its order of the other pages, from ``seed``: the same plan every run."""
    rng = random.Random(seed * 10_007 + index)
    pauses = [rng.uniform(*pause) for _ in range(2 + len(OTHER_PAGES))]
    controlled = [p for p in OTHER_PAGES if p in CONTROLS]
    order = rng.sample(controlled, len(controlled))
    for page in OTHER_PAGES:
        if page not in CONTROLS:
            order.insert(rng.randint(0, len(order) - 1), page)
    return pauses, order


async def realistic_viewer(target: int | str, index: int, as_of: str, join_at: float, seed: int = SEED,
                           pause=REALISTIC_PAUSE_S) -> Viewer:
    """Join at ``join_at`` s, open the landing page (the link without a date), then, pausing
    between actions, change the as-of date, open the three other pages and move one control.
    The first page is timed from the connection; each rerun from its request."""
    pauses, order = viewer_plan(index, seed, pause)
    viewer = Viewer()
    await asyncio.sleep(join_at)
    started = time.perf_counter()
    try:
        async with connect(target) as ws:
            first = await run_page(ws, DEFAULT_PAGE, "", True)
            first.ms = (time.perf_counter() - started) * 1000  # the connection included
            viewer.first = first
            steps = [(DEFAULT_PAGE, None)] + [(page, None) for page in order] + [(order[-1], CONTROLS[order[-1]])]
            for wait, (page, control) in zip(pauses, steps):
                await asyncio.sleep(wait)
                viewer.reruns.append(await run_page(ws, page, as_of, False, dict([control]) if control else None))
    except Exception as exc:  # noqa: BLE001 (a dropped viewer is an error to count)
        failed = PageRun("(connection)", as_of, 0.0, f"{type(exc).__name__}: {exc}"[:160])
        viewer.reruns.append(failed) if viewer.first else setattr(viewer, "first", failed)
    return viewer


def _summary(prefix: str, runs: list[PageRun], wall_s: float) -> dict:
    ok = [r.ms for r in runs if not r.error]
    return {f"{prefix}_runs": len(runs),
            f"{prefix}_p50_ms": round(statistics.median(ok), 1) if ok else None,
            f"{prefix}_p95_ms": round(_quantile(ok, 0.95), 1) if ok else None}


async def realistic(target: int | str, sessions: int = SESSIONS, as_of: str = REALITY_DATE, join_s: float = REALISTIC_JOIN_S,
                    pause=REALISTIC_PAUSE_S, seed: int = SEED) -> dict:
    """``sessions`` realistic viewers joining evenly over ``join_s`` seconds."""
    began = time.perf_counter()
    step = join_s / max(sessions - 1, 1)
    viewers = await asyncio.gather(*(realistic_viewer(target, i, as_of, i * step, seed, pause) for i in range(sessions)))
    wall = time.perf_counter() - began
    firsts = [v.first for v in viewers if v.first]
    reruns = [r for v in viewers for r in v.reruns]
    runs = firsts + reruns
    errors = [r.error for r in runs if r.error]
    return {"sessions": sessions, "wall_s": round(wall, 1), "errors": len(errors), "error_samples": sorted(set(errors))[:5],
            **_summary("first", firsts, wall), **_summary("rerun", reruns, wall),
            "page_runs_per_s": round(len([r for r in runs if not r.error]) / wall, 3),
            "figures": [{r.page: r.figure for r in v.runs if r.figure} for v in viewers]}


async def burst(target: int | str, sessions: int = SESSIONS, as_of: str = BURST_DATE, pages=BURST_PAGES) -> dict:
    """``sessions`` viewers connect at the same instant, each opening ``pages`` in turn."""
    gate = asyncio.Event()

    async def one() -> list[PageRun]:
        await gate.wait()
        started, runs = time.perf_counter(), []
        try:
            async with connect(target) as ws:
                for i, page in enumerate(pages):
                    runs.append(await run_page(ws, page, as_of, i == 0))
                    if i == 0:
                        runs[0].ms = (time.perf_counter() - started) * 1000
        except Exception as exc:  # noqa: BLE001
            runs.append(PageRun("(connection)", as_of, 0.0, f"{type(exc).__name__}: {exc}"[:160]))
        return runs

    tasks = [asyncio.create_task(one()) for _ in range(sessions)]
    await asyncio.sleep(0.2)
    began = time.perf_counter()
    gate.set()
    runs = [r for rs in await asyncio.gather(*tasks) for r in rs]
    wall = time.perf_counter() - began
    errors = [r.error for r in runs if r.error]
    ok = [r.ms for r in runs if not r.error]
    return {"sessions": sessions, "wall_s": round(wall, 1), "errors": len(errors), "error_samples": sorted(set(errors))[:5],
            "p50_ms": round(statistics.median(ok), 1) if ok else None,
            "p95_ms": round(_quantile(ok, 0.95), 1) if ok else None,
            "page_runs_per_s": round(len(ok) / wall, 3)}


SATURATION_SESSIONS = 12
SATURATION_S = 30.0
SATURATION_PAGES = (DEFAULT_PAGE, "overview", "breadth", "technicals")


async def saturate(target: int | str, sessions: int = SATURATION_SESSIONS, duration_s: float = SATURATION_S,
                   as_of: str = REALITY_DATE, settle_s: float = 5.0) -> dict:
    """Page runs per second with ``sessions`` viewers asking for cached pages back to back:
    each connects and warms its pages, then all loop for ``duration_s``; runs that finish in
    the window after ``settle_s`` are counted."""
    done: list[float] = []
    errors: list[str] = []
    stop = time.perf_counter() + settle_s + duration_s + 30  # set again below

    async def one(index: int) -> None:
        nonlocal stop
        try:
            async with connect(target) as ws:
                i = index
                while time.perf_counter() < stop:
                    run = await run_page(ws, SATURATION_PAGES[i % len(SATURATION_PAGES)], as_of, False, light=True)
                    i += 1
                    if run.error:
                        errors.append(run.error)
                    else:
                        done.append(time.perf_counter())
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{type(exc).__name__}: {exc}"[:160])

    began = time.perf_counter()
    stop = began + settle_s + duration_s
    await asyncio.gather(*(one(i) for i in range(sessions)))
    window = [t for t in done if began + settle_s <= t <= began + settle_s + duration_s]
    return {"sessions": sessions, "window_s": duration_s, "page_runs": len(window),
            "page_runs_per_s": round(len(window) / duration_s, 3), "errors": len(errors),
            "error_samples": sorted(set(errors))[:5]}


def cpu_s(pid: int) -> float:
    """User plus system CPU seconds of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def page_cpu_ms(target: int | str, pid: int, pages, as_of: str = REALITY_DATE, runs: int = 10) -> dict[str, float]:
    """Server CPU milliseconds of one cached run of each page (one viewer, caches warm):
    the process's CPU time over ``runs`` runs of the page, divided by ``runs``."""
    out = {}
    async with connect(target) as ws:
        for page in pages:
            for _ in range(2):  # warm: computed, then cached
                await run_page(ws, page, as_of, False)
            before = cpu_s(pid)
            for _ in range(runs):
                run = await run_page(ws, page, as_of, False)
                if run.error:
                    raise RuntimeError(f"{page}: {run.error}")
            out[page or "(landing)"] = round((cpu_s(pid) - before) * 1000 / runs, 1)
    return out


if __name__ == "__main__":
    sys.exit(main())
