"""Thesis glue for the scorecard page: each claim's reading cached per source, date and claim.

A claim's metric reads its inputs through the loaders the pages already share (prices, the
Macro page's view of the date, the whole-history breadth of a universe, fund data), so a
new date costs a cut of shared results, not a recomputation, and every value is the one the
page of its evidence shows. Shipped theses only for now (``theses/<id>.yaml``); uploads and
a store come later.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from analytics.breadth.report import breadth_inputs
from analytics.errors import DataUnavailableError
from analytics.performance.forward import Trade
from analytics.scorecard.card import ClaimResult, evaluate_claim
from analytics.theses.metrics import Context, Loaders
from analytics.theses.model import Thesis
from analytics.theses.shipped import ARTICLE_THESIS, shipped_ids, shipped_thesis
from ui.fund_loaders import load_fund_data
from ui.loaders import DATA_TTL_S, load_prices
from ui.macro_loaders import load_macro_view
from ui.source import get_source

#: Member lists whose whole-history breadth is kept (the shipped theses read one, sp500).
BREADTH_INPUTS_KEPT = 4
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


def thesis_choices() -> tuple[str, ...]:
    """Ids of the theses the picker offers, the article's first."""
    return shipped_ids()


def load_thesis(thesis_id: str = ARTICLE_THESIS) -> Thesis:
    """A shipped thesis (read once per file version)."""
    return shipped_thesis(thesis_id)


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=READINGS_KEPT)
def _readings(spec: str, as_of: date, thesis_id: str, claim_ids: tuple[str, ...]) -> tuple[tuple, ...]:
    # Plain values are cached (a claim's model class is built at import and does not pickle),
    # and a group of claims per entry: each cache hit costs about a millisecond, per claim
    # that was a third of the page's warm run.
    thesis = load_thesis(thesis_id)
    ctx = Context.on(get_source(spec), as_of, page_loaders(spec))
    results = [evaluate_claim(ctx, thesis.claim(claim_id)) for claim_id in claim_ids]
    return tuple((r.value, r.verdict, r.reason) for r in results)


def load_claims(spec: str, as_of: date, thesis_id: str, claim_ids: tuple[str, ...]) -> dict[str, ClaimResult]:
    """Claims of a shipped thesis on one date (one cache entry for the group): claim id ->
    value, verdict and, without a value, why."""
    thesis = load_thesis(thesis_id)
    readings = _readings(spec, as_of, thesis_id, claim_ids)
    return {claim_id: ClaimResult(thesis.claim(claim_id), *reading) for claim_id, reading in zip(claim_ids, readings)}


def load_claim(spec: str, as_of: date, thesis_id: str, claim_id: str) -> ClaimResult:
    """One claim of a shipped thesis on one date."""
    return load_claims(spec, as_of, thesis_id, (claim_id,))[claim_id]


def thesis_trade(thesis: Thesis) -> Trade:
    """What "What happened next" follows for this thesis."""
    return Trade(thesis.trade.long, tuple(thesis.trade.against))


def thesis_picker() -> Thesis:
    """The thesis select, bound to ``?thesis=<id>`` (the article's by default, left out of the
    URL); an unknown id in a link is said in one sentence and the article's is shown."""
    from ui.state import bound

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
    """Sets the as-of date to the day the thesis was argued (every page follows)."""
    st.button(f"Replay {thesis.published:%Y-%m-%d}", icon=":material/history:", key="thesis_replay",
              on_click=_replay, args=(thesis.published,), disabled=as_of == thesis.published,
              help="Sets the as-of date to the day this thesis was argued: what could be known then.")
