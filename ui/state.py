"""Controls mirrored in the URL.

Widgets use Streamlit's own ``bind="query-params"`` (the key is the parameter name; a value
equal to the default is left out of the URL). Streamlit drops an invalid value silently, so
before each bound widget is drawn we read the raw parameter and, if it will be dropped, say
so in one sentence: a shared link never changes the view without telling the reader.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import streamlit as st

from analytics.errors import InvalidSymbolError
from analytics.symbols import validate_symbol

BIND = "query-params"
#: A warning lists a control's options up to this many; past it, their count and span.
MAX_LISTED_OPTIONS = 12
_WARNINGS = "_url_warnings"
_VIEW = "_view_settings"
#: What each control showed on the last runs it was drawn, to tell a stale URL from a bad link.
_SHOWN = "_shown_settings"
#: How many of a control's last shown values count as "the URL is catching up": quick key
#: presses on a slider start runs that replace each other before the URL follows, so the
#: URL may hold a value from a few runs back.
SHOWN_KEPT = 8
Value = TypeVar("Value")


_BOX = "_url_warnings_box"


def url_warnings_box() -> None:
    """Open the place (top of the page) where this run's link warnings appear, as they are found."""
    st.session_state[_WARNINGS] = []
    st.session_state[_BOX] = st.container()


def _warn(message: str) -> None:
    st.session_state.setdefault(_WARNINGS, [])
    if message not in st.session_state[_WARNINGS]:
        st.session_state[_WARNINGS].append(message)
        box = st.session_state.get(_BOX)
        if box is not None and not in_fragment_rerun():
            box.warning(message)
        elif box is not None:  # a fragment may only write inside itself
            st.warning(message)


def in_fragment_rerun() -> bool:
    """Whether this run reruns only a fragment (the top-of-page box belongs to the full run)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def _raw(key: str) -> list[str]:
    return [v for v in st.query_params.get_all(key)]


def link_values(key: str) -> list[str]:
    """What the link gives for ``key``, as written (empty when it gives nothing)."""
    return _raw(key)


def link_warning(message: str) -> None:
    """Say in the page's warning box (once per run) that a link value was not taken as given."""
    _warn(message)


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
    if urlsplit(base).path == "":
        base += "/"  # the default page, at the root: "http://host/?as_of=…", not "http://host?…"
    return f"{base}?{urlencode(pairs)}"


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 6.0 -> "6", as a person writes it in a link
    return value.isoformat() if isinstance(value, date) else str(value)


def _matches(raw: list[str], value: object) -> bool:
    """Whether the widget's value is what the link asked for (so nothing was dropped)."""
    if isinstance(value, (list, tuple)):
        return set(raw) <= {_text(v) for v in value}
    first = raw[0]
    if isinstance(value, bool):
        return first.strip().lower() == str(value).lower()
    if isinstance(value, (int, float)):
        try:
            return float(first) == float(value)
        except ValueError:
            return False
    return first == ("" if value is None else _text(value))


def _allowed(kwargs: Mapping[str, Any], args: Sequence[Any]) -> str:
    """What the control accepts, for the message: a range or the options."""
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if low is None and len(args) >= 2 and all(isinstance(a, (int, float, date)) for a in args[:2]):
        low, high = args[:2]  # st.slider(label, min, max, value, step)
    if low is not None and high is not None:
        return f"from {_text(low)} to {_text(high)}"
    options = kwargs.get("options", args[0] if args and isinstance(args[0], (list, tuple, dict)) else None)
    if options is not None:
        options = [_text(o) for o in options]
        if len(options) > MAX_LISTED_OPTIONS:  # e.g. every trading day of an anchor slider
            return f"one of its {len(options)} options, {options[0]} to {options[-1]}"
        return "one of " + ", ".join(options)
    return "a valid value"


def bound(widget: Callable[..., Value], key: str, label: str, *args: Any, reported: bool = False,
          **kwargs: Any) -> Value:
    """Draw ``widget`` bound to the URL parameter ``key`` and report a link value it dropped.

    Every URL-bound control of every page goes through here: Streamlit silently replaces a
    link value that is not an option, out of range or unparseable with the default (and keeps
    only the valid items of a list), so after drawing we compare what the link said with what
    the widget holds and say so in one sentence. ``reported``: the caller has already said
    what became of the link's value (:func:`ui.ranged.ranged` clamps it), so say nothing more.
    """
    raw = _raw(key)
    value = widget(label, *args, key=key, bind=BIND, **kwargs)
    shown_before = st.session_state.setdefault(_SHOWN, {}).get(key) or []
    _remember(key, value)
    now = st.session_state[_VIEW].get(key)
    if now is not None:
        st.session_state[_SHOWN][key] = ([now] + [v for v in shown_before if v != now])[:SHOWN_KEPT]
    if reported or raw and any(_matches(raw, shown) for shown in shown_before):
        # The URL still holds a value this control showed on a recent run: the user (or a
        # button such as a nudge or the replay) changed it since, and the URL catches up
        # after this run (after quick key presses, a few runs late).
        return value
    if len(raw) > 1 and not isinstance(value, (list, tuple)) and _matches(raw[:1], value):
        _warn(f"The link gives “{label}” {len(raw)} times; showing the first, {_text(value)[:60]}.")
    elif raw and not _matches(raw, value):
        if isinstance(value, (list, tuple)):
            dropped = [r for r in raw if r not in {_text(v) for v in value}]
            _warn(f"The link's “{label}” value `{', '.join(dropped)[:60]}` "
                  f"{'is not an option' if len(dropped) == 1 else 'are not options'}; ignored.")
        else:
            shown = ", ".join(raw) if len(raw) > 1 else raw[0]
            _warn(f"The link's “{label}” value `{shown[:60]}` is not {_allowed(kwargs, args)}; "
                  f"showing {_text(value)}.")
    return value


def remember(key: str, value: object) -> None:
    """Count ``value`` as the setting of ``key`` in this run's view (and its pinned link), for a
    setting shown as text instead of a control."""
    _remember(key, value)


def _remember(key: str, value: object) -> None:
    if value is None:
        return
    texts = [_text(v) for v in value] if isinstance(value, (list, tuple)) else _text(value)
    st.session_state.setdefault(_VIEW, {})[key] = texts


def start_view() -> None:
    """Forget the settings of the last full run (called once per run, before any control)."""
    st.session_state[_VIEW] = {}


def view_settings() -> dict[str, str | list[str]]:
    """Every URL-bound control drawn in this run and its value, defaults included."""
    return dict(st.session_state.get(_VIEW, {}))
