"""Report section ``scorecard``: each claim of a thesis with its value, rule and verdict as of a date."""
from __future__ import annotations

from datetime import date

from analytics.data.base import Source
from analytics.scorecard.card import thesis_card
from analytics.scorecard.timeline import Every, thesis_timeline, timeline_dates, timeline_section_of
from analytics.theses.model import Thesis
from analytics.theses.shipped import resolve_thesis


def as_thesis(thesis: Thesis | str | None) -> Thesis:
    """A thesis from an object, an id of a shipped thesis or a file's path; ``None``: the article's."""
    return thesis if isinstance(thesis, Thesis) else resolve_thesis(thesis)


def scorecard_section(source: Source, as_of: date | str, thesis: Thesis | str | None = None,
                      **_: object) -> dict:
    """Claim id -> ``{value, rule, verdict, metric}`` and ``reason`` where there is no value.

    ``value`` is in the metric's unit (fractions; FRED series in their own units), ``rule`` the
    file's ``<op> <number>``. ``thesis``: a :class:`Thesis`, an id (``theses/<id>.yaml``) or a
    path; without it the article's thesis (``small-caps-2024``).
    """
    return thesis_card(source, as_of, as_thesis(thesis))


def timeline_section(source: Source, as_of: date | str, thesis: Thesis | str | None = None,
                     start: date | str | None = None, every: Every = "week", **_: object) -> dict:
    """``{dates, verdicts: {claim: [...]}, values: {claim: [...]}}`` from ``start`` (``--from``;
    default the thesis' ``published`` date) every week or month to ``as_of`` (the last date).

    Each date's column equals that date's ``scorecard`` section (one computation:
    :func:`analytics.scorecard.card.evaluate_dates`). ``dates`` is empty when ``as_of`` is
    before ``start``.
    """
    chosen = as_thesis(thesis)
    dates = timeline_dates(start or chosen.published, as_of, every)
    return timeline_section_of(thesis_timeline(source, chosen, dates))
