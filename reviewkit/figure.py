"""The data of a swimlane timeline picture: lanes, marks, shaded periods, all words finished.

Assembly (reviewkit/reports/timeline_chart.py) decides every label, count and period from a
case; the drawing code (reviewkit/render/chart.py) only lays them out, as the renderers of a
`Document` do. Dates are plain days: a mark stands at the middle of what its date can mean.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Lane:
    """One agency's row of the picture."""

    key: str  # the agency id, for ids in the drawing (never printed)
    label: str  # the agency's name as printed


@dataclass(frozen=True)
class Mark:
    """One event, or the events of one lane in one bin of a dense period (`count` > 1)."""

    lane: int  # index into TimelineChart.lanes
    day: dt.date  # where it stands on the time axis
    kind: int  # index into TimelineChart.kinds: the (most common) event type
    count: int = 1
    background: bool = False  # outside the scope period


@dataclass(frozen=True)
class Period:
    """A shaded stretch of time: an episode, the scope period or a long gap in contact."""

    start: dt.date
    end: dt.date
    label: str


@dataclass(frozen=True)
class Tick:
    """A labelled day on the time axis: its date, and the child's age that day."""

    day: dt.date
    date: str  # "Mar 2023"
    age: str = ""  # "3y 9m"; "" when no child's date of birth is known
    age_words: str = ""  # "3 years 9 months", for the words that describe the picture


@dataclass
class TimelineChart:
    """Everything the picture shows, decided before it is drawn."""

    title: str
    lanes: list[Lane]
    kinds: list[str]  # event type labels, in legend order; "Other" gathers the rest
    marks: list[Mark]
    start: dt.date
    end: dt.date
    scope: Period | None = None
    episodes: list[Period] = field(default_factory=list)
    gaps: list[Period] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    age_label: str = ""  # "Ruby's age", over the ages of the ticks
    bins: str = ""  # "" when every event is its own mark, else "week" or "month"
    events: int = 0  # events drawn, however they were binned
    note: str = ""  # a line under the picture: what a counted mark means
