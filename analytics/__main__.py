"""Command line: ``python -m analytics {report,snapshot,refresh,doctor,watch,check-series,thesis} ...``.

Errors print one line to stderr and exit with status 2; they never show a traceback or a key.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from analytics.catalog import CORE_SYMBOLS, HOLDINGS_FUNDS, UNIVERSES
from analytics.config import load_settings
from analytics.data import SOURCE_SPECS, UPSTREAM_SPECS, make_source
from analytics.data.csvdir import write_snapshot
from analytics.data.fred_catalogue import FRED_SERIES
from analytics.errors import DashboardError, redact
from analytics.report import SECTIONS, build_report
from analytics.theses.cli import add_thesis_parser, run_thesis
from analytics.theses.loader import ThesisError

EXIT_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analytics", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    source_help = f"data source: {', '.join(SOURCE_SPECS)} (default: $DASHBOARD_SOURCE or auto)"

    report = sub.add_parser("report", help="print the numbers behind the pages")
    report.add_argument("--source", help=source_help)
    report.add_argument("--as-of", default=date.today().isoformat(), help="YYYY-MM-DD (default: today)")
    report.add_argument("--section", action="append", default=[], choices=sorted(SECTIONS),
                        help="section to include (repeatable; default: all)")
    report.add_argument("--symbols", nargs="*", default=[], help="extra symbols for performance")
    report.add_argument("--symbol", default="IWM", help="symbol for technicals (default IWM)")
    report.add_argument("--lookback-years", type=float, default=3.0,
                        help="Fibonacci drawdown lookback for technicals (default 3)")
    report.add_argument("--fib-anchors", metavar="DATE,DATE[,DATE]",
                        help="technicals: levels for anchors dragged on the chart, each snapped to the "
                             "nearest bar (swing high,swing low or A,B,C)")
    report.add_argument("--fib-snap", choices=("high/low", "close"), default="high/low",
                        help="technicals: the anchors' price, the bar's high/low or its close (default high/low)")
    report.add_argument("--universe", default="sp500", choices=sorted(UNIVERSES),
                        help="universe for breadth (default sp500)")
    report.add_argument("--lookback-days", type=int, default=252,
                        help="trading days of breadth history (default 252)")
    report.add_argument("--skip-members", action="store_true",
                        help="valuation: leave out the bottom-up P/E (no member earnings fetched)")
    report.add_argument("--thesis", metavar="PATH_OR_ID",
                        help="scorecard, timeline and forward: the thesis to follow, a shipped id (theses/<id>.yaml), "
                             "a thesis file or an id kept in the store (default: the article's, small-caps-2024)")
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                        help="timeline: the first date (default: the thesis' published date)")
    report.add_argument("--every", choices=("week", "month"), default="week",
                        help="timeline: a column every week or month up to --as-of (default week)")
    report.add_argument("--format", choices=("json", "text"), default="json")

    snapshot = sub.add_parser("snapshot", help="snapshot directories")
    snap_sub = snapshot.add_subparsers(dest="action", required=True)
    export = snap_sub.add_parser("export", help="write the active source's data as a snapshot")
    export.add_argument("directory")
    export.add_argument("--source", help=source_help)
    export.add_argument("--symbols", nargs="*", default=[], help="symbols besides the core set")

    refresh = sub.add_parser(
        "refresh", help="fill or update the store ($MARKET_STORE_URL) from a source; exit 0 all ok, "
                        "1 some failed (the rest stored), 2 bad arguments or unusable store")
    refresh.add_argument("--all", action="store_true",
                         help="everything the pages read: member lists, prices, member panels of every "
                              "universe (or those of --universe), FRED series, holdings, fund data")
    refresh.add_argument("--symbols", nargs="*", default=[], help="symbols besides the core set")
    refresh.add_argument("--universe", action="append", choices=sorted(UNIVERSES),
                         help="also this universe's member list and member panel (repeatable)")
    refresh.add_argument("--funds", action="store_true",
                         help="also fund valuations and IWM member earnings, recorded in the valuation history")
    refresh.add_argument("--source", help=f"where to fetch from: {', '.join(UPSTREAM_SPECS)} (default live)")
    refresh.add_argument("--no-watch", action="store_true",
                         help="with --all: skip the last step, watch (journal and alerts) on today's date")
    refresh.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                         help="wait this long for another refresh job's lease (default: stop at once)")

    sub.add_parser("doctor", help="probe each live source and the store once (reachable, latency, a sample, "
                                  "a fix per failure); exit 0 all good, 1 some failed")
    watch = sub.add_parser(
        "watch", help="journal every thesis' verdicts on a date in the store and alert ($ALERT_URLS) on "
                      "flipped claims; exit 0 ok, 1 a thesis or an alert failed (kept for the next run)")
    watch.add_argument("--thesis", action="append", default=[], metavar="ID",
                       help="only this thesis (shipped or stored id; repeatable; default: all)")
    watch.add_argument("--as-of", default=date.today().isoformat(), help="YYYY-MM-DD (default: today)")
    watch.add_argument("--source", help=source_help)

    sub.add_parser("check-series", help="ask FRED for every macro catalogue id (needs the network); "
                                        "exit 1 when one is missing")

    # Thesis files (analytics/theses/cli.py): check, schema, metrics.
    add_thesis_parser(sub)
    return parser


def _check_series(settings, fetch=None) -> int:
    """Ask FRED for each catalogue id; print which exist (last observation) and which do not."""
    from functools import partial

    from analytics.data.fred import check_series, download_fred
    from analytics.data.fred_catalogue import CATALOGUE

    fetch = fetch or partial(download_fred, api_key=settings.fred_api_key, timeout=settings.http_timeout)
    checks = check_series(list(CATALOGUE), fetch)
    missing = [c for c in checks if not c.exists]
    print(f"FRED: {len(checks) - len(missing)} of {len(checks)} catalogue series exist")
    for check in checks:
        title = CATALOGUE[check.series_id].title
        if check.exists:
            print(f"  ok       {check.series_id:<16} last {check.last_date:%Y-%m-%d} = {check.last_value:g}  ({title})")
        else:
            print(f"  MISSING  {check.series_id:<16} {check.reason}  ({title})")
    if missing:
        print(f"missing: {', '.join(c.series_id for c in missing)}")
    return 1 if missing else 0


def _print_text(report: dict) -> None:
    print(f"as of {report['as_of']} - {report['source']['label']}")
    perf = report.get("performance")
    if perf:
        for symbol, close in perf["close"].items():
            ytd = perf["ytd"][symbol]
            ytd_text = f"{ytd:+.2%}" if ytd is not None else "n/a"
            print(f"  {symbol:<8} close {close:>10.2f} on {perf['close_date'][symbol]}  YTD {ytd_text}")
        print(f"  IWM/SPY ratio {perf['ratio_iwm_spy']:.4f}")
    tech = report.get("technicals")
    if tech:
        fib = tech["fib"]
        print(f"  {tech['symbol']} RSI {tech['rsi_14']:.1f}, MACD hist {tech['macd']['hist']:+.3f}, "
              f"50-week avg {tech['weekly']['sma_50']:.2f}")
        print(f"  swing {fib['swing_high']['date']} {fib['swing_high']['price']:.2f} -> "
              f"{fib['swing_low']['date']} {fib['swing_low']['price']:.2f}; "
              f"1.618 extension {fib['extensions'].get('1.618')}")


def _refresh(args, settings) -> int:
    """The refresh job (analytics/refresh/): plan from the arguments, lease, summary, status."""
    from analytics.data import make_upstream, open_store
    from analytics.refresh import ALL_KINDS, RefreshPlan, run_refresh

    upstream = make_upstream(args.source or "live", settings)
    universes = tuple(dict.fromkeys(args.universe or (UNIVERSES if args.all else ())))
    if args.all:
        kinds = ALL_KINDS
    else:
        kinds = (("universes",) if universes else ()) + ("prices",) + (("members",) if universes else ()) \
            + (("funds",) if args.funds else ())
    if args.wait < 0:
        raise ValueError(f"--wait {args.wait:g} must be zero or more seconds")
    store = open_store(settings)
    print(f"refresh: {upstream.info().label} -> store {store.url}")
    status = run_refresh(upstream, store, RefreshPlan(kinds, tuple(args.symbols), universes), wait_s=args.wait,
                         budget_s=settings.load_budget_s)
    if args.all and not args.no_watch:
        # The last step reads what the replicas read: the store just refreshed.
        from analytics.data.cached import CacheOnlySource

        try:
            status = max(status, _watch(CacheOnlySource(store, offline=False), store, date.today(), ()))
        except (DashboardError, ValueError) as exc:  # the refresh itself is done: say so, exit 1
            print(f"watch: {redact(str(exc), settings.secrets + _alert_secrets())}")
            status = max(status, 1)
    return status


def _watch(source, store, as_of: date, only) -> int:
    """The watch job (analytics/watch.py) with ``ALERT_URLS`` and ``DASHBOARD_URL``."""
    import os

    from analytics.watch import run_watch, settings_urls

    urls, dashboard_url = settings_urls(os.environ)
    return run_watch(source, store, as_of, only, urls, dashboard_url)


def _alert_secrets() -> list[str]:
    """Every piece of ``ALERT_URLS`` that may be a secret (kept out of any error printed)."""
    import os

    from analytics.scorecard.alerts import split_urls, url_secrets

    return url_secrets(split_urls(os.environ.get("ALERT_URLS", "")))


def _report_thesis(path_or_id: str | None, settings):
    """``--thesis``: a shipped id or a file as given, else an id kept in the store (opened only
    then, so a report on a shipped thesis never needs the store)."""
    from analytics.theses.shipped import resolve_thesis

    try:
        return resolve_thesis(path_or_id)
    except ThesisError:
        raise
    except ValueError:
        from analytics.data import open_store
        from analytics.theses.stored import find_thesis

        return find_thesis(open_store(settings), path_or_id)


def run(argv: list[str] | None = None, fred_fetch=None) -> int:
    """The CLI; ``fred_fetch`` replaces the live FRED fetcher of ``check-series`` (tests)."""
    args = _parser().parse_args(argv)
    if args.command == "thesis":  # reads files only: no settings, no source
        return run_thesis(args)
    settings = load_settings(source=getattr(args, "source", None))
    if args.command == "check-series":
        try:
            return _check_series(settings, fred_fetch)
        except (DashboardError, ValueError, OSError) as exc:
            print(f"error: {redact(str(exc), [settings.fred_api_key])}", file=sys.stderr)
            return EXIT_ERROR
    if args.command == "doctor":
        from analytics.doctor import run_doctor

        return run_doctor(settings)
    if args.command == "refresh":
        try:
            return _refresh(args, settings)
        except (DashboardError, ValueError, OSError) as exc:
            print(f"error: {redact(str(exc), settings.secrets + _alert_secrets())}", file=sys.stderr)
            return EXIT_ERROR
    if args.command == "watch":
        from analytics.data import open_store

        try:
            return _watch(make_source(settings=settings), open_store(settings), date.fromisoformat(args.as_of),
                          tuple(args.thesis))
        except (DashboardError, ValueError, OSError) as exc:
            print(f"error: {redact(str(exc), settings.secrets + _alert_secrets())}", file=sys.stderr)
            return EXIT_ERROR
    try:
        if args.command == "report":
            source = make_source(settings=settings)
            thesis = _report_thesis(args.thesis, settings)
            report = build_report(source, args.as_of, args.section, symbols=args.symbols,
                                  symbol=args.symbol, lookback_years=args.lookback_years,
                                  fib_anchors=args.fib_anchors, fib_basis=args.fib_snap,
                                  universe=args.universe, lookback_days=args.lookback_days,
                                  members=not args.skip_members, thesis=thesis,
                                  start=args.start, every=args.every)
            if args.format == "json":
                print(json.dumps(report, indent=1))
            else:
                _print_text(report)
        elif args.command == "snapshot":
            source = make_source(settings=settings)
            manifest = write_snapshot(
                source, args.directory, list(CORE_SYMBOLS) + args.symbols, list(FRED_SERIES),
                HOLDINGS_FUNDS, list(UNIVERSES),
            )
            print(f"wrote {len(manifest['prices'])} price files, {len(manifest['fred'])} FRED series "
                  f"to {args.directory}; missing: {', '.join(manifest['missing']) or 'none'}")
    except (DashboardError, ValueError, OSError) as exc:
        print(f"error: {redact(str(exc), settings.secrets)}", file=sys.stderr)
        return EXIT_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(run())
