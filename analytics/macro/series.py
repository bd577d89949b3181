"""The macro topic's face of the FRED catalogue, and the topic's own yardsticks.

The catalogue itself (every series id, its units and release lag) is the data layer's,
:mod:`analytics.data.fred_catalogue`, since sources read and generate those series; the pages
take the names they print from here, so that they never reach into the data layer.
"""
from __future__ import annotations

from analytics.data.fred_catalogue import CATALOGUE as CATALOGUE
from analytics.data.fred_catalogue import FED_FUNDS_FUTURE as FED_FUNDS_FUTURE
from analytics.data.fred_catalogue import TARGET_RANGE_START as TARGET_RANGE_START

#: Events and cycles are studied from here (the issue's "since 1990").
EVENTS_SINCE = "1990-01-01"
#: The Fed's inflation goal, in percent (PCE inflation, the FOMC's 2012 statement).
INFLATION_TARGET = 2.0
