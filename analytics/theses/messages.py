"""pydantic's validation errors said the way a thesis author reads them.

pydantic writes ``Input should be 'daily' or 'weekly'`` at ``('claims', 3, 'rsi', 'params',
'bars')``; a thesis author wants ``claims[3].params.bars: 'monthly' is not one of daily,
weekly``. :func:`message_for` turns one error into that key path (the union's tag taken out)
and that reason, naming the bad value (cut short) and what would be accepted.
"""
from __future__ import annotations

from typing import Any

from analytics.symbols import shown
from analytics.theses.catalogue import CATALOGUE, METRICS
from analytics.theses.model import MAX_CLAIMS, ClaimBase, Source, Thesis, Trade

_KIND = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list",
    "dict_type": "a mapping of keys", "model_type": "a mapping of keys", "model_attributes_type": "a mapping of keys",
    "date_type": "a date (YYYY-MM-DD)", "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)", "date_from_datetime_inexact": "a date without a time",
    "finite_number": "a finite number",
}
_PATTERN_WORDS = {
    "id": "lower-case letters, digits and -, at most 64 characters, not starting with -",
    "claim_id": "lower-case letters, digits and _, at most 64 characters",
}
_CLAIM_KEYS = tuple(k for k in ClaimBase.model_fields) + ("metric", "params")


def _value(value: Any) -> str:
    return repr(shown(value)) if isinstance(value, str) else shown(value)


def _choices(expected: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as ``a, b, c``."""
    return expected.replace("'", "").replace(" or ", ", ")


def _strip_tag(loc: tuple) -> tuple[tuple, str | None]:
    """Take the union's tag out of ``('claims', 3, 'rsi', 'params', ...)``; also return the metric."""
    if len(loc) > 2 and loc[0] == "claims" and isinstance(loc[1], int) and loc[2] in CATALOGUE:
        return loc[:2] + loc[3:], loc[2]
    return loc, None


def _keys_at(loc: tuple, metric: str | None) -> tuple[str, ...]:
    """The keys allowed in the mapping at ``loc`` (for "unknown key" messages)."""
    if not loc:
        return tuple(Thesis.model_fields)
    if loc == ("source",):
        return tuple(Source.model_fields)
    if loc == ("trade",):
        return tuple(Trade.model_fields)
    if len(loc) == 2 and loc[0] == "claims":
        return _CLAIM_KEYS
    if len(loc) == 3 and loc[2] == "params" and metric:
        return tuple(CATALOGUE[metric].model_fields)
    return ()


def _unknown(loc: tuple, metric: str | None) -> str:
    allowed = _keys_at(loc[:-1], metric)
    if len(loc) == 4 and loc[2] == "params" and metric:
        takes = ", ".join(allowed) if allowed else "no parameters"
        return f"{metric} has no parameter {_value(loc[-1])} (it takes {takes})"
    return f"unknown key {_value(loc[-1])}" + (f" (expected {', '.join(allowed)})" if allowed else "")


def message_for(error: dict[str, Any]) -> tuple[tuple, str]:
    """The key path and the one-clause reason for one of pydantic's ``errors()``."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    loc, metric = _strip_tag(tuple(error["loc"]))
    loc += tuple(ctx.get("at", ()))
    if kind in ("value_error", "assertion_error"):
        return loc, str(ctx.get("error") or error["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return loc, _unknown(loc, metric)
    if kind == "missing":
        return loc, "is missing" + (f" ({metric} needs it)" if metric and "params" in loc else "")
    if kind == "literal_error":
        return loc, f"{_value(value)} is not one of {_choices(ctx['expected'])}"
    if kind == "union_tag_invalid":
        return loc + ("metric",), f"{_value(ctx['tag'])} is not one of {', '.join(METRICS)}"
    if kind == "union_tag_not_found":
        return loc + ("metric",), "is missing (a claim needs a metric; python -m analytics thesis metrics lists them)"
    if kind == "string_pattern_mismatch":
        words = _PATTERN_WORDS["claim_id" if "claims" in loc else "id"]
        return loc, f"{_value(value)} is not a valid id ({words})"
    if kind == "too_long" and loc == ("claims",):
        return loc, f"{ctx['actual_length']} claims; a thesis file holds at most {MAX_CLAIMS}"
    if kind == "too_long":
        return loc, f"{ctx['actual_length']} items; at most {ctx['max_length']} are allowed"
    if kind == "too_short":
        return loc, f"needs at least {ctx['min_length']} item{'s' * (ctx['min_length'] > 1)}"
    if kind == "string_too_long":
        return loc, f"{len(value):,} characters; at most {ctx['max_length']} are allowed"
    if kind == "string_too_short":
        return loc, "must not be empty"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
                 "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt")}[kind]
        return loc, f"{_value(value)} is out of range (it must be {bound[0]} {ctx[bound[1]]})"
    if kind in ("model_type", "dict_type") and not loc:
        return loc, (f"the file must be a mapping of keys ({', '.join(Thesis.model_fields)}), "
                     f"not {type(value).__name__}")
    if kind in _KIND:
        return loc, f"{_value(value)} is not {_KIND[kind]}"
    if kind == "format":  # the model's own errors say it all
        return loc, error["msg"]
    return loc, str(error["msg"])
