"""The headless report: the numbers behind each page as one JSON object.

``python -m analytics report --source S --as-of YYYY-MM-DD --section performance``. Ratios
and returns are fractions. Each section is a function ``(source, as_of, **options) -> dict``
that lives beside its topic, named in :mod:`analytics.sections`; this module only dispatches.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from analytics.data.base import Source
from analytics.sections import DEFAULT_SECTIONS, SECTIONS
from analytics.timeseries import to_timestamp

JSONable = dict | list | str | float | int | None


def build_report(source: Source, as_of: date | str, sections: Sequence[str],
                 **options: object) -> dict[str, JSONable]:
    """Run each named section with ``options``; unknown names raise ``ValueError`` naming them."""
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    info = source.info()
    report: dict[str, JSONable] = {
        "as_of": f"{to_timestamp(as_of):%Y-%m-%d}",
        "source": {
            "kind": info.kind,
            "label": info.label,
            "detail": info.detail,
            "fetched_at": info.fetched_at.isoformat(timespec="seconds") if info.fetched_at else None,
            "stale": info.stale,
        },
    }
    for name in sections or DEFAULT_SECTIONS:
        report[name] = SECTIONS[name](source, as_of, **options)
    return report
