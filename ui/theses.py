"""Thesis glue for the scorecard page: each claim's reading cached per source, date and claim.

A claim's metric reads its inputs through the loaders the pages already share (prices, the
Macro page's view of the date, the whole-history breadth of a universe, fund data), so a
new date costs a cut of shared results, not a recomputation, and every value is the one the
page of its evidence shows. Shipped theses (``theses/<id>.yaml``, ``?thesis=<id>``) and a file
uploaded for the session; a store that keeps uploads (and gives them links) comes later.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from urllib.parse import quote

import streamlit as st

from analytics.breadth.report import breadth_inputs
from analytics.errors import DataUnavailableError
from analytics.performance.forward import Trade
from analytics.scorecard.card import ClaimResult, evaluate_claim
from analytics.theses.loader import ThesisError
from analytics.theses.loader import load_thesis as load_thesis_text
from analytics.theses.metrics import Context, Loaders
from analytics.theses.model import Thesis
from analytics.theses.shipped import ARTICLE_THESIS, shipped_ids, shipped_thesis
from ui.fund_loaders import load_fund_data
from ui.loaders import DATA_TTL_S, load_prices
from ui.macro_loaders import load_macro_view
from ui.sidebar import EARLIEST_AS_OF
from ui.source import get_source
from ui.state import bound

#: Member lists whose whole-history breadth is kept (the shipped theses read one, sp500).
BREADTH_INPUTS_KEPT = 4
#: Uploaded theses kept parsed (each at most 256 KiB).
UPLOADS_KEPT = 16
#: Groups of readings kept: a few theses' claim groups on a few dozen dates.
READINGS_KEPT = 1024


@st.cache_resource(ttl=DATA_TTL_S, show_spinner=False, max_entries=BREADTH_INPUTS_KEPT)
def _breadth_inputs(spec: str, universe: str):
    """Members, their prices read once and their breadth over every date, shared by every
    session and date (read-only: each date takes a cut of it)."""
    return breadth_inputs(get_source(spec), universe)


def _fund_data(spec: str, symbol: str):
    data = load_fund_data(spec, symbol)
    if isinstance(data, str):  # the loader caches the reason, not the error
        raise DataUnavailableError(data)
    return data


def page_loaders(spec: str) -> Loaders:
    """The metrics' inputs from the pages' cached loaders."""
    return Loaders(
        prices=lambda symbols: load_prices(spec, tuple(symbols)),
        macro_view=lambda stamp: load_macro_view(spec, stamp.date()),
        breadth=lambda universe: _breadth_inputs(spec, universe),
        fund_data=lambda symbol: _fund_data(spec, symbol),
    )


#: Characters markdown (and Streamlit's LaTeX and emoji codes) would read as syntax.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def plain(text: str) -> str:
    """``text`` escaped for ``st.markdown``: a thesis file's words (anyone's upload) are shown
    as written, never as links, formulas or emphasis."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", text)


def link_target(url: str) -> str:
    """A source address for a markdown link: every character that could end or nest the link
    (parentheses, brackets, spaces) percent-encoded (the loader admits only http and https)."""
    return quote(url, safe=":/?#@!$&'*+,;=%~._-")


def thesis_choices() -> tuple[str, ...]:
    """Ids of the theses the picker offers, the article's first."""
    return shipped_ids()


def load_thesis(thesis_id: str = ARTICLE_THESIS, text: str = "") -> Thesis:
    """A shipped thesis (read once per file version), or with ``text`` the uploaded file's."""
    return _uploaded(text) if text else shipped_thesis(thesis_id)


@lru_cache(maxsize=UPLOADS_KEPT)
def _uploaded(text: str) -> Thesis:
    return load_thesis_text(text, "your file")


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=READINGS_KEPT)
def _readings(spec: str, as_of: date, thesis_id: str, claim_ids: tuple[str, ...],
              text: str = "") -> tuple[tuple, ...]:
    # Plain values are cached (a claim's model class is built at import and does not pickle),
    # and a group of claims per entry: each cache hit costs about a millisecond, per claim
    # that was a third of the page's warm run. An upload's text is part of the key.
    thesis = load_thesis(thesis_id, text)
    ctx = Context.on(get_source(spec), as_of, page_loaders(spec))
    results = [evaluate_claim(ctx, thesis.claim(claim_id)) for claim_id in claim_ids]
    return tuple((r.value, r.verdict, r.reason) for r in results)


def load_claims(spec: str, as_of: date, thesis_id: str, claim_ids: tuple[str, ...],
                text: str = "") -> dict[str, ClaimResult]:
    """Claims of a thesis (shipped, or uploaded with its ``text``) on one date, one cache entry
    for the group: claim id -> value, verdict and, without a value, why."""
    thesis = load_thesis(thesis_id, text)
    readings = _readings(spec, as_of, thesis_id, claim_ids, text)
    return {claim_id: ClaimResult(thesis.claim(claim_id), *reading) for claim_id, reading in zip(claim_ids, readings)}


def load_claim(spec: str, as_of: date, thesis_id: str, claim_id: str, text: str = "") -> ClaimResult:
    """One claim of a thesis on one date."""
    return load_claims(spec, as_of, thesis_id, (claim_id,), text)[claim_id]


def read_upload(data: bytes, name: str) -> tuple[Thesis | None, str, list[str]]:
    """An uploaded thesis file: the thesis and its text, or ``None`` and its problems (one a
    line, each with the file's name and line, as ``thesis check`` prints them)."""
    try:
        thesis = load_thesis_text(data, name)
    except ThesisError as exc:
        more = [f"... and {exc.total - len(exc.problems)} more problems"] if exc.total > len(exc.problems) else []
        return None, "", [*exc.lines(), *more]
    return thesis, data.decode("utf-8-sig"), []


def thesis_upload() -> tuple[Thesis | None, str]:
    """An expander to load your own thesis file for this session (not kept, not in the link);
    the thesis and its text, or ``(None, "")``. Problems are shown one a line."""
    with st.expander("Load your own thesis file (YAML, format 1)"):
        st.caption("Checked as `python -m analytics thesis check` does; used for this session only (no link "
                   "to it yet: links name the shipped theses). `python -m analytics thesis schema` gives the "
                   "JSON Schema for an editor.")
        upload = st.file_uploader("Thesis file", type=["yaml", "yml"], key="thesis_file",
                                  max_upload_size=1)  # MB; the loader refuses more than 256 KiB anyway
    if upload is None:
        return None, ""
    thesis, text, problems = read_upload(upload.getvalue(), upload.name)
    if problems:
        # The problems quote the file (keys, values): shown as plain text, never as markdown.
        st.error(f"That file is not a valid thesis ({len(problems)} problem{'s' if len(problems) > 1 else ''}); "
                 "the card below is still the picked thesis.")
        st.code("\n".join(problems), language=None, wrap_lines=True)
    return thesis, text


def thesis_trade(thesis: Thesis) -> Trade:
    """What "What happened next" follows for this thesis."""
    return Trade(thesis.trade.long, tuple(thesis.trade.against))


def thesis_picker() -> Thesis:
    """The thesis select, bound to ``?thesis=<id>`` (the article's by default, left out of the
    URL); an unknown id in a link is said in one sentence and the article's is shown."""
    choices = list(thesis_choices())
    # The options are the ids themselves: a bound select reads the URL as its shown text, so a
    # title shown instead would make ``?thesis=<id>`` an unknown option.
    chosen = bound(st.selectbox, "thesis", "Thesis", choices, index=0,
                   help="The theses that ship with the dashboard (theses/*.yaml). Uploading your own "
                        "comes later.")
    return load_thesis(chosen or ARTICLE_THESIS)


def _replay(day: date) -> None:
    st.session_state["as_of"] = day


def replay_button(thesis: Thesis, as_of: date) -> None:
    """Sets the as-of date to the day the thesis was argued (every page follows); disabled on
    that day, and for a day before the earliest date the sidebar replays."""
    st.button(f"Replay {thesis.published:%Y-%m-%d}", icon=":material/history:", key="thesis_replay",
              on_click=_replay, args=(thesis.published,),
              disabled=as_of == thesis.published or thesis.published < EARLIEST_AS_OF,
              help="Sets the as-of date to the day this thesis was argued: what could be known then.")
