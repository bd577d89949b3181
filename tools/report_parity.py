"""Write the headless report of every section at fixed dates, to compare two versions byte for byte.

``python -m tools.report_parity write DIR`` writes ``DIR/<source>/<date>/<section>.json`` (the
CLI's own JSON encoding); ``python -m tools.report_parity compare A B`` lists the files that
differ and exits 1 when any does. A refactor that must not change what users see runs ``write``
before and after and ``compare`` on the two folders.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import sys
from pathlib import Path

from analytics.config import load_settings
from analytics.data import make_source
from analytics.report import SECTIONS, build_report

#: The reference snapshot beside the project (shared/, never copied in).
SNAPSHOT = Path(__file__).resolve().parents[1].parent / "shared" / "reference-data" / "snapshot"
#: One date before the article, the article's, and the snapshot's last price date.
DATES = ("2015-06-15", "2023-11-28", "2026-08-21")


def sources() -> dict[str, str]:
    """Source name (a folder) to source spec: demo always, the snapshot when it is beside us."""
    out = {"demo": "demo"}
    if SNAPSHOT.is_dir():
        out["snapshot"] = f"dir:{SNAPSHOT}"
    return out


def write(folder: Path) -> int:
    """Every section at every date on every source, one JSON file each."""
    settings = load_settings()
    for name, spec in sources().items():
        source = make_source(spec, settings)
        for day in DATES:
            out = folder / name / day
            out.mkdir(parents=True, exist_ok=True)
            for section in SECTIONS:
                try:
                    body = build_report(source, day, [section])
                except Exception as exc:  # noqa: BLE001 - the failure itself is what we compare
                    body = {"error": f"{type(exc).__name__}: {exc}"}
                body.get("source", {}).pop("fetched_at", None)
                (out / f"{section}.json").write_text(json.dumps(body, indent=2, sort_keys=True, default=str))
                print(f"{name} {day} {section}", file=sys.stderr)
    return 0


def compare(left: Path, right: Path) -> int:
    """Names of the files that differ or exist on one side only; 1 when there is any."""
    bad = []
    for path in sorted(left.rglob("*.json")):
        other = right / path.relative_to(left)
        if not other.exists() or not filecmp.cmp(path, other, shallow=False):
            bad.append(str(path.relative_to(left)))
    bad += [str(p.relative_to(right)) for p in right.rglob("*.json") if not (left / p.relative_to(right)).exists()]
    for name in bad:
        print(f"differs: {name}")
    print(f"{len(bad)} of {len(list(left.rglob('*.json')))} files differ")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.report_parity", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("write").add_argument("folder", type=Path)
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("left", type=Path)
    cmp_.add_argument("right", type=Path)
    args = parser.parse_args(argv)
    return write(args.folder) if args.command == "write" else compare(args.left, args.right)


if __name__ == "__main__":
    sys.exit(main())
