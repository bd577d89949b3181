"""Controls mirrored in the URL.

Widgets use Streamlit's own ``bind="query-params"`` (the key is the parameter name; a value
equal to the default is left out of the URL). Streamlit drops an invalid value silently, so
before each bound widget is drawn we read the raw parameter and, if it will be dropped, say
so in one sentence: a shared link never changes the view without telling the reader.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from urllib.parse import urlencode

import streamlit as st

from analytics.errors import InvalidSymbolError
from analytics.symbols import validate_symbol

BIND = "query-params"
_WARNINGS = "_url_warnings"


def _warn(message: str) -> None:
    st.session_state.setdefault(_WARNINGS, [])
    if message not in st.session_state[_WARNINGS]:
        st.session_state[_WARNINGS].append(message)


def _raw(key: str) -> list[str]:
    return [v for v in st.query_params.get_all(key)]


def check_date_param(key: str, label: str, low: date, high: date, fallback: str) -> None:
    """Warn when the link's ``key`` is not an ISO date within ``[low, high]``."""
    for raw in _raw(key)[:1]:
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            _warn(f"The link's {label} `{raw}` is not a date (YYYY-MM-DD); showing {fallback}.")
            continue
        if not low <= value <= high:
            _warn(f"The link's {label} {raw} is outside the data ({low} to {high}); showing {fallback}.")


def check_choice_param(key: str, label: str, choices: Iterable[str], fallback: str) -> None:
    """Warn when the link's ``key`` is not one of ``choices``."""
    allowed = set(choices)
    for raw in _raw(key)[:1]:
        if raw not in allowed:
            _warn(f"The link's {label} `{raw}` is not one of {', '.join(sorted(allowed))}; showing {fallback}.")


def valid_symbols(values: Iterable[str], on_invalid: Callable[[str], None] | None = None) -> list[str]:
    """Keep the valid tickers (upper-cased, de-duplicated); report each rejected one."""
    kept: dict[str, None] = {}
    for value in values:
        try:
            kept.setdefault(validate_symbol(value), None)
        except InvalidSymbolError as exc:
            (on_invalid or _warn)(f"Ignored {exc}.")
    return list(kept)


def pinned_link(params: Mapping[str, str | Sequence[str]], page_path: str) -> str:
    """This view's address with every setting written out, defaults included.

    The address bar leaves out values equal to their defaults, and some defaults move with
    the data (the latest date, the automatic anchors): this link shows the same view later.
    A list value becomes a repeated parameter, as bound multiselects write it.
    """
    pairs = [(key, item) for key, value in params.items()
             for item in ([value] if isinstance(value, str) else value)]
    base = st.context.url or f"/{page_path}"
    return f"{base}?{urlencode(pairs)}"
