"""The typed model of a thesis file (format 1, DESIGN.md "Thesis file").

A :class:`Thesis` is what a file says once validated: an id, a title, the date it was argued,
the trade it implies and its claims. Each claim is one of the catalogue's metrics with that
metric's own parameters model (a union discriminated on ``metric``, so a claim's parameters,
their defaults and their allowed values are checked, and the JSON Schema shows them per
metric) and a rule, ``<op> <number>`` in the metric's unit. :func:`describe` says a claim in
words. Reading the file (YAML, limits, line numbers) is :mod:`analytics.theses.loader`'s job.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    create_model,
    field_validator,
)
from pydantic_core import PydanticCustomError

from analytics.symbols import shown
from analytics.theses.catalogue import CATALOGUE, MetricParams
from analytics.theses.types import MAX_TEXT_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS, Symbol, SymbolList, format_number

FORMAT = 1
#: A file holds at most this many claims: a scorecard longer than this is not read by anyone,
#: and the bound keeps an uploaded file's validation and evaluation cheap.
MAX_CLAIMS = 100
THESIS_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
CLAIM_ID_PATTERN = r"^[a-z0-9_]{1,64}$"
#: The app's pages a claim may point at for its evidence.
Page = Literal["overview", "valuation", "breadth", "macro", "technicals", "seasonality", "scorecard"]
#: A rule: a comparison and a number (no ≥ or ≤: one spelling per comparison).
RULE_PATTERN = re.compile(r"^\s*(<=|>=|<|>)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$")
OP_WORDS = {"<": "below", "<=": "at most", ">": "above", ">=": "at least"}
#: A rule's number beyond this is a typo, not a threshold (and ``1e999`` would be infinite).
MAX_THRESHOLD = 1e12


def _rule(value: object) -> str:
    """Check ``value`` reads as a rule and return it in its one spelling (``<= 1.5``)."""
    match = RULE_PATTERN.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{shown(value)!r} is not a rule; write <, <=, > or >= and a number, e.g. \"< 0\"")
    number = float(match.group(2))
    if abs(number) > MAX_THRESHOLD:
        raise ValueError(f"{shown(value)!r}: the number is out of range (at most {MAX_THRESHOLD:g} either way)")
    return f"{match.group(1)} {number:g}"


def _text(limit: int) -> Any:
    """Free text shown on screen: stripped, not empty, at most ``limit`` characters."""
    return Annotated[str, Field(min_length=1, max_length=limit), AfterValidator(_no_control)]


def _no_control(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if any(ord(c) < 32 and c not in "\t\n" for c in value):
        raise ValueError("holds control characters")
    return value


def _web_url(value: str) -> str:
    # The app shows the source as a link: only web addresses, never javascript: or file:.
    if not re.match(r"^https?://[^\s/]+", value):
        raise ValueError(f"{shown(value)!r} is not a web address (http:// or https://)")
    return value


Title = _text(MAX_TITLE_CHARS)
Text = _text(MAX_TEXT_CHARS)
WebUrl = Annotated[_text(MAX_URL_CHARS), AfterValidator(_web_url)]
RuleText = Annotated[str, AfterValidator(_rule), WithJsonSchema(
    {"type": "string", "pattern": RULE_PATTERN.pattern, "description": "<, <=, > or >= and a number, "
                                                                        "in the metric's unit"})]


class Strict(BaseModel):
    """Frozen, and an unknown key is an error naming it."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    author: Title | None = None
    url: WebUrl | None = None


class Trade(Strict):
    """What "what happened next" follows: the long leg and the legs it is measured against."""

    long: Symbol
    against: SymbolList


class ClaimBase(Strict):
    """What every claim has; each metric's subclass adds ``metric`` and its ``params``."""

    id: Annotated[str, Field(pattern=CLAIM_ID_PATTERN)]
    text: Text
    rule: RuleText
    page: Page | None = None

    @property
    def op(self) -> str:
        """The rule's comparison: ``<``, ``<=``, ``>`` or ``>=``."""
        return self.rule.split()[0]

    @property
    def threshold(self) -> float:
        """The rule's number, in the metric's unit."""
        return float(self.rule.split()[1])


def _claim_model(metric: str, params: type[MetricParams]) -> type[ClaimBase]:
    """The claim model of one metric: ``metric`` is its tag, ``params`` its parameters model
    (optional when every parameter has a default)."""
    required = any(f.is_required() for f in params.model_fields.values())
    default: Any = ... if required else Field(default_factory=params)
    name = "".join(part.title() for part in metric.split("_")) + "Claim"
    return create_model(name, __base__=ClaimBase, __module__=__name__,
                        metric=(Literal[metric], ...), params=(params, default))


CLAIM_MODELS: dict[str, type[ClaimBase]] = {m: _claim_model(m, p) for m, p in CATALOGUE.items()}
# Union[...] because the members are built above: ``X | Y`` cannot spread a tuple.
Claim = Annotated[Union[tuple(CLAIM_MODELS.values())], Field(discriminator="metric")]  # noqa: UP007


class Thesis(Strict):
    """A validated thesis file."""

    format: Literal[1]
    id: Annotated[str, Field(pattern=THESIS_ID_PATTERN)]
    title: Title
    published: date
    source: Source | None = None
    trade: Trade
    claims: Annotated[list[Claim], Field(min_length=1, max_length=MAX_CLAIMS)]

    @field_validator("format", mode="before")
    @classmethod
    def _format_is_one(cls, value: object) -> object:
        # ``true`` and ``1.0`` equal 1 in Python; a format number is written 1 and nothing else.
        if type(value) is not int or value != FORMAT:
            raise PydanticCustomError("format", "{value} is not a known format; write format: 1",
                                      {"value": shown(value)})
        return value

    @field_validator("published")
    @classmethod
    def _not_in_future(cls, value: date, info: ValidationInfo) -> date:
        today = (info.context or {}).get("today") or date.today()
        if value > today:
            raise ValueError(f"{value.isoformat()} is in the future (today is {today.isoformat()})")
        return value

    @field_validator("claims")
    @classmethod
    def _unique_ids(cls, claims: list[ClaimBase]) -> list[ClaimBase]:
        seen: dict[str, int] = {}
        for index, claim in enumerate(claims):
            if claim.id in seen:
                # ``at`` takes the error from the list down to the repeated id, for its line.
                raise PydanticCustomError(
                    "duplicate_id", "'{id}' is already the id of claims[{first}]",
                    {"id": claim.id, "first": seen[claim.id], "at": (index, "id")})
            seen[claim.id] = index
        return claims

    def claim(self, claim_id: str) -> ClaimBase:
        """The claim with this id (``KeyError`` if none)."""
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        raise KeyError(claim_id)


def describe(claim: ClaimBase) -> str:
    """The claim's test in words: "IWM's year-to-date return minus the best of SPY, QQQ is below 0 pp"."""
    params: MetricParams = claim.params
    return f"{params.words()} is {OP_WORDS[claim.op]} {format_number(claim.threshold, params.value_unit())}"


def thesis_json_schema() -> dict[str, Any]:
    """The JSON Schema of a thesis file, for an editor to check a file as it is typed."""
    schema = Thesis.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Thesis file (format 1)"
    return schema
