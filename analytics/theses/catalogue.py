"""The metric catalogue of thesis format 1: one parameters model per metric.

Each model is the table row of DESIGN.md ("Thesis file (format 1)") as data: its fields are the
metric's parameters with their defaults and allowed values, and its class attributes give the
metric's name, unit and one-line description. The loader validates a claim's ``params`` with
it (unknown parameters are errors), ``thesis metrics`` lists it, and :meth:`MetricParams.words`
says what a claim measures in words. Computing the values is not this module's business.
"""
from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from analytics.theses.types import (
    UNIVERSE_NAMES,
    Count,
    FredId,
    Symbol,
    SymbolList,
    Unit,
    Universe,
    Window,
    names,
    window_phrase,
)

Pick = Literal["best", "worst", "mean"]
Bars = Literal["daily", "weekly"]
FundField = Literal["forward_pe", "trailing_pe", "dividend_yield", "price_to_book"]
Transform = Literal["level", "yoy", "change"]
BreadthDays = Literal[20, 50, 200]

#: Extension ratios the Technicals page draws beyond the swing (its ``RATIO_CHOICES`` above 1;
#: repeated here because this package may not import the technicals module).
FIB_EXTENSION_RATIOS = (1.272, 1.414, 1.618, 2.0, 2.618, 3.618)
FibRatio = Literal[1.272, 1.414, 1.618, 2.0, 2.618, 3.618]
#: How far back a parameter may reach: beyond these no page has data to show.
MAX_AVERAGE_DAYS = 1000
MAX_AVERAGE_WEEKS = 520
MAX_INDICATOR_BARS = 200
MAX_MONTHS = 120
MAX_OVER_DAYS = 252
_FIELD_WORDS = {"forward_pe": "forward P/E", "trailing_pe": "trailing P/E",
                "dividend_yield": "dividend yield", "price_to_book": "price/book"}
#: Ratios for which a lower value is the better deal (``pick: best`` takes the lowest).
LOWER_IS_BETTER = frozenset({"forward_pe", "trailing_pe", "price_to_book"})


class MetricParams(BaseModel):
    """Base of every metric's parameters: frozen, and an unknown parameter is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: ClassVar[str]
    #: The unit of the metric's value (for some metrics it depends on the parameters:
    #: :meth:`value_unit`) and the catalogue's wording of it.
    unit: ClassVar[Unit]
    unit_text: ClassVar[str] = ""
    description: ClassVar[str]

    def value_unit(self) -> Unit:
        """The unit of this claim's value, in which its rule's number is written."""
        return self.unit

    def words(self) -> str:
        """What the claim measures, in words (the subject of :func:`~analytics.theses.model.describe`)."""
        raise NotImplementedError


class ReturnParams(MetricParams):
    metric: ClassVar[str] = "return"
    unit: ClassVar[Unit] = "fraction"
    description: ClassVar[str] = ("price return close(t1) / close(t0) - 1, t0 the last close on or before "
                                  "the window's start")
    symbol: Symbol
    window: Window

    def words(self) -> str:
        return f"{self.symbol}'s {window_phrase(self.window)}"


class ReturnSpreadParams(MetricParams):
    metric: ClassVar[str] = "return_spread"
    unit: ClassVar[Unit] = "fraction_points"
    description: ClassVar[str] = "return(symbol) minus the best (max), worst (min) or mean of return(against)"
    symbol: Symbol
    against: SymbolList
    window: Window
    pick: Pick = Field("best", description="best (max), worst (min) or mean of the others' returns")

    def words(self) -> str:
        others = f"{self.against[0]}'s" if len(self.against) == 1 else f"the {self.pick} of {names(self.against)}"
        return f"{self.symbol}'s {window_phrase(self.window)} minus {others}"


class CloseVsAverageParams(MetricParams):
    metric: ClassVar[str] = "close_vs_average"
    unit: ClassVar[Unit] = "fraction"
    description: ClassVar[str] = ("last close / simple average of the last N daily (days) or weekly (weeks, "
                                  "ending Friday) closes, minus 1; give days or weeks, not both")
    symbol: Symbol
    # The bounds sit inside the optional type, where the JSON Schema can carry them.
    days: Annotated[Count, Field(ge=2, le=MAX_AVERAGE_DAYS)] | None = Field(None, description="daily closes")
    weeks: Annotated[Count, Field(ge=2, le=MAX_AVERAGE_WEEKS)] | None = Field(None, description="weekly closes")

    @model_validator(mode="after")
    def _one_length(self) -> CloseVsAverageParams:
        if (self.days is None) == (self.weeks is None):
            raise ValueError("give days or weeks (one of them, not both)")
        return self

    def words(self) -> str:
        span = f"{self.days}-day" if self.days is not None else f"{self.weeks}-week"
        return f"{self.symbol}'s last close against its {span} average"


class RsiParams(MetricParams):
    metric: ClassVar[str] = "rsi"
    unit: ClassVar[Unit] = "index_points"
    description: ClassVar[str] = "Wilder's RSI, as TA-Lib computes it"
    symbol: Symbol
    length: Count = Field(14, ge=2, le=MAX_INDICATOR_BARS)
    bars: Bars = "daily"

    def words(self) -> str:
        return f"{self.symbol}'s {self.length}-{'day' if self.bars == 'daily' else 'week'} RSI"


class MacdHistogramParams(MetricParams):
    metric: ClassVar[str] = "macd_histogram"
    unit: ClassVar[Unit] = "price"
    description: ClassVar[str] = "MACD minus its signal line, as TA-Lib computes it (fast shorter than slow)"
    symbol: Symbol
    fast: Count = Field(12, ge=1, le=MAX_INDICATOR_BARS)
    slow: Count = Field(26, ge=2, le=MAX_INDICATOR_BARS)
    signal: Count = Field(9, ge=1, le=MAX_INDICATOR_BARS)
    bars: Bars = "daily"

    @model_validator(mode="after")
    def _fast_first(self) -> MacdHistogramParams:
        if self.fast >= self.slow:
            raise ValueError(f"fast ({self.fast}) must be shorter than slow ({self.slow})")
        return self

    def words(self) -> str:
        return f"{self.symbol}'s {self.bars} MACD histogram ({self.fast}, {self.slow}, {self.signal})"


class FibProgressParams(MetricParams):
    metric: ClassVar[str] = "fib_progress"
    unit: ClassVar[Unit] = "fraction"
    description: ClassVar[str] = ("(close - swing low) / (target - swing low), target the ratio's extension "
                                  "of the Technicals page's Auto anchors")
    symbol: Symbol
    ratio: FibRatio = 1.618

    def words(self) -> str:
        return f"{self.symbol}'s progress from the swing low to the {self.ratio:g} extension"


class PctAboveAverageParams(MetricParams):
    metric: ClassVar[str] = "pct_above_average"
    unit: ClassVar[Unit] = "fraction"
    description: ClassVar[str] = ("share of members whose close is above their days-day simple average "
                                  "(members with one counted)")
    universe: Universe
    days: BreadthDays = Field(50, description="the averages the Breadth page computes")

    def words(self) -> str:
        return f"the share of {UNIVERSE_NAMES[self.universe]} members above their {self.days}-day average"


class PctAboveAverageChangeParams(MetricParams):
    metric: ClassVar[str] = "pct_above_average_change"
    unit: ClassVar[Unit] = "fraction_points"
    description: ClassVar[str] = "that share now minus its value over trading days earlier"
    universe: Universe
    days: BreadthDays = Field(50, description="the averages the Breadth page computes")
    over: Count = Field(21, ge=1, le=MAX_OVER_DAYS, description="trading days back")

    def words(self) -> str:
        return (f"the change over {self.over} trading days in the share of {UNIVERSE_NAMES[self.universe]} "
                f"members above their {self.days}-day average")


class SeriesParams(MetricParams):
    metric: ClassVar[str] = "series"
    unit: ClassVar[Unit] = "series_units"
    unit_text: ClassVar[str] = "the series' own units; a fraction for yoy"
    description: ClassVar[str] = ("a FRED series' latest published value; yoy: value / value 12 months earlier "
                                  "- 1; change: value - value months earlier")
    id: FredId
    transform: Transform = "level"
    months: Count = Field(12, ge=1, le=MAX_MONTHS, description="look-back of change")

    def value_unit(self) -> Unit:
        return "fraction" if self.transform == "yoy" else "series_units"

    def words(self) -> str:
        if self.transform == "yoy":
            return f"{self.id} year over year"
        if self.transform == "change":
            return f"the change in {self.id} over {self.months} months"
        return f"{self.id}'s latest value"


class SeriesSpreadParams(MetricParams):
    metric: ClassVar[str] = "series_spread"
    unit: ClassVar[Unit] = "series_units"
    description: ClassVar[str] = "latest published a minus latest published b, in their units"
    a: FredId
    b: FredId

    def words(self) -> str:
        return f"{self.a} minus {self.b}"


class DaysSinceFedHikeParams(MetricParams):
    metric: ClassVar[str] = "days_since_fed_hike"
    unit: ClassVar[Unit] = "days"
    description: ClassVar[str] = "calendar days since the latest rise of the Fed's target known by the date"

    def words(self) -> str:
        return "the number of days since the Fed's latest hike"


class CentralBanksCuttingParams(MetricParams):
    metric: ClassVar[str] = "central_banks_cutting"
    unit: ClassVar[Unit] = "fraction"
    description: ClassVar[str] = "share of tracked central banks that cut in the last months"
    months: Count = Field(6, ge=1, le=MAX_MONTHS)

    def words(self) -> str:
        return f"the share of tracked central banks that cut in the last {self.months} months"


class FundRatioSpreadParams(MetricParams):
    metric: ClassVar[str] = "fund_ratio_spread"
    unit: ClassVar[Unit] = "multiple"
    unit_text: ClassVar[str] = ("a multiple for P/E and price/book, fraction points for dividend_yield; "
                                "a fraction when relative")
    description: ClassVar[str] = ("fund's field minus (relative: divided by, minus 1) the pick of the others', "
                                  "from fund data known by the date; best is the lowest P/E or price/book and "
                                  "the highest yield")
    fund: Symbol
    against: SymbolList
    field: FundField
    pick: Pick = "best"
    relative: bool = False

    def value_unit(self) -> Unit:
        if self.relative:
            return "fraction"
        return "multiple" if self.field in LOWER_IS_BETTER else "fraction_points"

    def words(self) -> str:
        others = f"{self.against[0]}'s" if len(self.against) == 1 else f"the {self.pick} of {names(self.against)}"
        link = "relative to" if self.relative else "minus"
        return f"{self.fund}'s {_FIELD_WORDS[self.field]} {link} {others}"


class SantaHitRateParams(MetricParams):
    metric: ClassVar[str] = "santa_hit_rate"
    unit: ClassVar[Unit] = "fraction"
    description: ClassVar[str] = "share of completed Santa windows that rose"
    symbol: Symbol

    def words(self) -> str:
        return f"the share of completed Santa-rally windows in which {self.symbol} rose"


class AltsVsBtcParams(MetricParams):
    metric: ClassVar[str] = "alts_vs_btc"
    unit: ClassVar[Unit] = "fraction_points"
    description: ClassVar[str] = "the alt basket's return minus Bitcoin's"
    months: Count = Field(3, ge=1, le=MAX_MONTHS)

    def words(self) -> str:
        return f"the alt basket's {self.months}-month return minus Bitcoin's"


#: Metric name -> its parameters model, in DESIGN.md's order.
CATALOGUE: dict[str, type[MetricParams]] = {
    cls.metric: cls for cls in (
        ReturnParams, ReturnSpreadParams, CloseVsAverageParams, RsiParams, MacdHistogramParams,
        FibProgressParams, PctAboveAverageParams, PctAboveAverageChangeParams, SeriesParams,
        SeriesSpreadParams, DaysSinceFedHikeParams, CentralBanksCuttingParams, FundRatioSpreadParams,
        SantaHitRateParams, AltsVsBtcParams,
    )
}
METRICS = tuple(CATALOGUE)
