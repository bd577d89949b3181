"""Thesis glue for the scorecard page: each claim's reading cached per source, date and claim.

A claim's metric reads its inputs through the loaders the pages already share (prices, the
Macro page's view of the date, the whole-history breadth of a universe, fund data), so a
new date costs a cut of shared results, not a recomputation, and every value is the one the
page of its evidence shows. Shipped theses (``theses/<id>.yaml``) and uploaded files that pass
validation, kept in the shared store under their id (:mod:`analytics.theses.stored`), are both
in the picker and in the link (``?thesis=<id>``), so a colleague opens the same thesis.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from urllib.parse import quote

import streamlit as st

from analytics.breadth.report import breadth_inputs
from analytics.errors import DashboardError, DataUnavailableError
from analytics.performance.forward import Trade
from analytics.scorecard.card import ClaimResult, evaluate_claim
from analytics.theses.loader import ThesisError
from analytics.theses.loader import load_thesis as load_thesis_text
from analytics.theses.metrics import Context, Loaders
from analytics.theses.model import Thesis
from analytics.theses.shipped import ARTICLE_THESIS, shipped_ids, shipped_thesis
from analytics.theses.stored import ShippedIdError, save_thesis, stored_ids, stored_thesis
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
#: How long the list of stored theses and a stored file are reused before the store is asked
#: again: another replica's upload shows in the picker within this many seconds.
STORED_TTL_S = 30
#: Session keys of the upload's outcome (the file it was for, and what to say about it).
_UPLOAD_OUTCOME = "thesis_upload_outcome"


@st.cache_resource(ttl=DATA_TTL_S, show_spinner=False, max_entries=BREADTH_INPUTS_KEPT)
def _breadth_inputs(spec: str, universe: str):
    """Members, their prices read once and their breadth over every date, shared by every
    session and date (read-only: each date takes a cut of it)."""
    return breadth_inputs(get_source(spec), universe)


def warm_undated(spec: str) -> None:
    """Load the fund data the article's claims read (every leg of its trade) into the process's
    cache: the server's warm-up does, so no first viewer of the landing page waits on it (on a
    cold replica reading S3, fund data is the card's slowest input)."""
    trade = shipped_thesis(ARTICLE_THESIS).trade
    for symbol in (trade.long, *trade.against):
        load_fund_data(spec, symbol)


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


def thesis_store():
    """The app's shared store (``MARKET_STORE_URL``), where uploaded theses are kept; opened
    once per address (an S3 store builds a client when opened)."""
    from analytics.config import load_settings
    from ui.source import _secrets

    settings = load_settings(secrets=_secrets())
    return _open_store(settings.store_url, settings)


@st.cache_resource(show_spinner=False, max_entries=4)
def _open_store(store_url: str, _settings):
    from analytics.data import open_store

    return open_store(_settings)


# The store's address keys these caches: another store (a test's, a reconfigured app's) is
# never answered from this one's entries.
@st.cache_data(ttl=STORED_TTL_S, show_spinner=False)
def _stored_ids(store_url: str) -> tuple[str, ...]:
    return stored_ids(thesis_store())


@st.cache_data(ttl=STORED_TTL_S, show_spinner=False, max_entries=UPLOADS_KEPT)
def _stored_text(store_url: str, thesis_id: str) -> str:
    kept = stored_thesis(thesis_store(), thesis_id)
    return kept.text if kept else ""


def thesis_choices() -> tuple[str, ...]:
    """Ids of the theses the picker offers: the shipped ones (the article's first), then those
    kept in the store."""
    try:
        kept = _stored_ids(thesis_store().url)
    except (DashboardError, OSError):  # a store that cannot be listed: the shipped theses still work
        kept = ()
    return shipped_ids() + kept


def load_thesis(thesis_id: str = ARTICLE_THESIS, text: str = "") -> Thesis:
    """A shipped thesis (read once per file version), or with ``text`` a stored or uploaded
    file's (parsed once per text)."""
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


def _save_upload() -> None:
    """The uploader's callback: validate the new file and keep it only if it passes; pick it."""
    upload = st.session_state.get("thesis_file")
    if upload is None:
        st.session_state.pop(_UPLOAD_OUTCOME, None)
        return
    name = upload.name[:120]
    try:
        kept = save_thesis(thesis_store(), upload.getvalue(), name)
    except ThesisError as exc:
        more = [f"... and {exc.total - len(exc.problems)} more problems"] if exc.total > len(exc.problems) else []
        st.session_state[_UPLOAD_OUTCOME] = (upload.file_id, "invalid", [*exc.lines(), *more])
        return
    except ShippedIdError as exc:
        st.session_state[_UPLOAD_OUTCOME] = (upload.file_id, "shipped", [str(exc)])
        return
    except DashboardError as exc:  # the store refused the write
        st.session_state[_UPLOAD_OUTCOME] = (upload.file_id, "store", [str(exc)])
        return
    _stored_ids.clear()
    _stored_text.clear()
    st.session_state["thesis"] = kept.thesis.id  # the picker (and so the link) follows
    st.session_state[_UPLOAD_OUTCOME] = (upload.file_id, "saved", [kept.thesis.id, kept.content_hash])


def thesis_upload() -> None:
    """An expander to add your own thesis file: a valid one is kept in the shared store under
    its id and picked (the link then names it); an invalid one shows its problems, one a line,
    and nothing is kept."""
    with st.expander("Add your own thesis file (YAML, format 1)"):
        st.caption("Checked as `python -m analytics thesis check` does; a valid file is kept for everyone "
                   "under its `id` (uploading the same id again replaces it) and the link names it. "
                   "`python -m analytics thesis schema` gives the JSON Schema for an editor.")
        upload = st.file_uploader("Thesis file", type=["yaml", "yml"], key="thesis_file",
                                  on_change=_save_upload,
                                  max_upload_size=1)  # MB; the loader refuses more than 256 KiB anyway
    outcome = st.session_state.get(_UPLOAD_OUTCOME)
    if upload is None or outcome is None or outcome[0] != upload.file_id:
        return
    _, kind, lines = outcome
    if kind == "saved":
        st.success(f"Kept as thesis `{lines[0]}` (version {lines[1][:12]}); the link below opens it.")
    elif kind == "invalid":
        # The problems quote the file (keys, values): shown as plain text, never as markdown.
        st.error(f"That file is not a valid thesis ({len(lines)} problem{'s' if len(lines) > 1 else ''}); "
                 "nothing was kept, the card below is still the picked thesis.")
        st.code("\n".join(lines), language=None, wrap_lines=True)
    else:
        st.error("That file was not kept; the card below is still the picked thesis.")
        st.code("\n".join(lines), language=None, wrap_lines=True)


def thesis_trade(thesis: Thesis) -> Trade:
    """What "What happened next" follows for this thesis."""
    return Trade(thesis.trade.long, tuple(thesis.trade.against))


def thesis_picker() -> tuple[Thesis, str]:
    """The thesis select, bound to ``?thesis=<id>`` (the article's by default, left out of the
    URL); an unknown id in a link is said in one sentence and the article's is shown.

    Returns the thesis and, for one kept in the store, its text (``""`` for a shipped one):
    the text keys the cached readings, so a replaced file is never read from an old cache.
    """
    choices = list(thesis_choices())
    # The options are the ids themselves: a bound select reads the URL as its shown text, so a
    # title shown instead would make ``?thesis=<id>`` an unknown option.
    chosen = bound(st.selectbox, "thesis", "Thesis", choices, index=0,
                   help="The theses that ship with the dashboard (theses/*.yaml), then those added "
                        "by upload (kept in the shared store).")
    chosen = chosen or ARTICLE_THESIS
    if chosen in shipped_ids():
        return load_thesis(chosen), ""
    try:
        text = _stored_text(thesis_store().url, chosen)
        return (load_thesis(chosen, text), text) if text else (load_thesis(ARTICLE_THESIS), "")
    except DashboardError as exc:  # a stored file that no longer validates, a store gone
        st.warning(f"Thesis {chosen} cannot be read ({exc}); showing the article's.")
        return load_thesis(ARTICLE_THESIS), ""


def _replay(day: date) -> None:
    st.session_state["as_of"] = day


def replay_button(thesis: Thesis, as_of: date) -> None:
    """Sets the as-of date to the day the thesis was argued (every page follows); disabled on
    that day, and for a day before the earliest date the sidebar replays."""
    st.button(f"Replay {thesis.published:%Y-%m-%d}", icon=":material/history:", key="thesis_replay",
              on_click=_replay, args=(thesis.published,),
              disabled=as_of == thesis.published or thesis.published < EARLIEST_AS_OF,
              help="Sets the as-of date to the day this thesis was argued: what could be known then.")
