"""One cell of a returned chronology read as an event's date, time, yes/no, people or type.

Each reader returns the value for the case file or raises `CellError` with a message that
says what is wrong with the cell as written. Dates are always read day first, in every form
`reviewkit.dates` knows plus what spreadsheets add: real date cells, Excel serial numbers
(43538 is 14 March 2019) and a time written after the date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reviewkit.dates import DateError, FuzzyDate, parse_date
from reviewkit.errors import CellError
from reviewkit.model import Case
from reviewkit.vocabulary import event_types, type_label
from reviewkit.wording import did_you_mean

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01; Excel's leap-1900 bug aside
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_TRAILING_TIME = re.compile(
    r"(?P<date>.+?)(?:[ T,]+|\s+at\s+)(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?:[:.]\d{2})?)?\s*(?P<ampm>[ap])?\.?(?:m\.?)?(?:\s*hrs?)?",
    re.IGNORECASE,
)
_HHMM = re.compile(r"(\d{2})(\d{2})(?:\s*hrs?)?", re.IGNORECASE)

Value = str | int | float | bool | dt.datetime | dt.date | dt.time | None


@dataclass
class DateCell:
    """A date as the case file will hold it, and a time found in the same cell."""

    text: str  # ISO for one exact day; otherwise the date as written
    date: FuzzyDate
    time: str | None = None


def shown(value: Value) -> str:
    """A cell's value as the agency would see it, for messages."""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()) if value is not None else ""


def blank(value: Value) -> bool:
    """True for an empty cell (or one holding only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


# --- dates and times --------------------------------------------------------------------------


def read_date(value: Value) -> DateCell:
    """A Date cell: a date cell, a serial number or text, read day first."""
    if blank(value):
        raise CellError("is empty; every entry needs a date (write ? before an uncertain one)")
    if isinstance(value, dt.datetime):
        time = value.strftime("%H:%M") if value.time() != dt.time() else None
        return _exact(value.date(), time)
    if isinstance(value, dt.date):
        return _exact(value)
    if isinstance(value, bool):
        raise CellError(f"'{shown(value)}' is not a date")
    if isinstance(value, int | float):
        return _number_date(float(value))
    if isinstance(value, dt.time):
        raise CellError(f"'{value:%H:%M}' is a time, not a date")
    text = " ".join(str(value).split())
    if _SERIAL.fullmatch(text):
        return _number_date(float(text))
    try:
        return _text_date(parse_date(text))
    except DateError as err:
        first = err
    found = _TRAILING_TIME.fullmatch(text)
    if found:
        try:
            date = parse_date(found["date"])
        except DateError:
            pass
        else:
            time = read_time(found["time"])
            return _text_date(date, None if time == "00:00" else time)
    raise CellError(str(first))


def _exact(day: dt.date, time: str | None = None) -> DateCell:
    return DateCell(day.isoformat(), parse_date(day), time)


def _text_date(date: FuzzyDate, time: str | None = None) -> DateCell:
    # One known day is stored as 2019-03-14, which no reader can take month first; anything
    # less certain is kept as the agency wrote it, because the wording carries the doubt.
    if date.exact and date.precision == "day":
        return _exact(date.earliest, time)
    return DateCell(date.text, date, time)


def _number_date(number: float) -> DateCell:
    if number.is_integer() and 1000 <= number <= 9999:
        return _text_date(parse_date(str(int(number))))  # a year
    if 10000 <= number < 2958466:
        moment = dt.datetime.combine(_EXCEL_EPOCH, dt.time()) + dt.timedelta(days=number)
        moment = _round_minute(moment)
        time = moment.strftime("%H:%M") if moment.time() != dt.time() else None
        return _exact(moment.date(), time)
    raise CellError(f"'{shown(number)}' is not a date")


def _round_minute(moment: dt.datetime) -> dt.datetime:
    return (moment + dt.timedelta(seconds=30)).replace(second=0, microsecond=0)


def read_time(value: Value) -> str | None:
    """A Time cell as 'HH:MM' (24-hour); None when blank."""
    if blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
        moment = _round_minute(dt.datetime(2000, 1, 1) + dt.timedelta(days=float(value)))
        return moment.strftime("%H:%M")
    text = shown(value)
    hours = minutes = None
    if found := _HHMM.fullmatch(text):
        hours, minutes = int(found[1]), int(found[2])
    elif (found := _TIME.fullmatch(text)) and (found["m"] or found["ampm"]):
        hours, minutes = int(found["h"]), int(found["m"] or 0)
        if found["ampm"]:
            if not 1 <= hours <= 12:
                hours = 99
            elif found["ampm"].lower() == "p":
                hours = hours % 12 + 12
            else:
                hours %= 12
    if hours is None or minutes is None or hours > 23 or minutes > 59:
        raise CellError(f"'{text}' is not a time; write it 24-hour, like 09:05 or 17:25")
    return f"{hours:02d}:{minutes:02d}"


# --- numbers and yes/no -----------------------------------------------------------------------


def read_seq(value: Value) -> int | None:
    """A same-day order cell: a whole number, or None when blank."""
    if blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and value >= 0:
            return int(value)
    elif str(value).strip().isdigit():
        return int(str(value).strip())
    raise CellError(f"'{shown(value)}' is not a whole number (1, 2, 3 ... for same-day order)")


_YES = {"yes", "y", "true", "1", "seen", "yes seen", "x", "\u2713", "\u2714"}
_NO = {"no", "n", "false", "0", "not seen", "no not seen"}
_UNKNOWN = {"n a", "na", "not applicable", "unknown", "not known", "not recorded", "", "nk"}


def read_yes_no(value: Value) -> bool | None:
    """A yes/no cell; None when blank or 'not known'."""
    if blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    words = " ".join(re.sub(r"[^a-z0-9\u2713\u2714]+", " ", str(value).lower()).split())
    if words in _YES:
        return True
    if words in _NO:
        return False
    if words in _UNKNOWN or words in ("", "-"):
        return None
    raise CellError(f"'{shown(value)}' is not yes or no (leave it blank if not known)")


# --- text -------------------------------------------------------------------------------------


def read_text(value: Value, *, one_line: bool = False) -> str | None:
    """A text cell as the case file holds it; None when blank."""
    if blank(value):
        return None
    text = shown(value) if not isinstance(value, str) else value
    if one_line or "\n" not in text:  # one paragraph of one line either way
        return " ".join(text.split())
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) if "\n" not in p else p.strip() for p in paragraphs)


# --- people -----------------------------------------------------------------------------------

_SPLIT = re.compile(r"\s*(?:[,;/\n]|\s&\s|\sand\s|\+)\s*", re.IGNORECASE)
_SHORT_FORMS = {
    "mum": "mother",
    "mom": "mother",
    "dad": "father",
    "mgm": "maternal grandmother",
    "mgf": "maternal grandfather",
    "pgm": "paternal grandmother",
    "pgf": "paternal grandfather",
}


@dataclass
class PeopleIndex:
    """Every way the case can name a person, for reading 'People involved' cells."""

    names: dict[str, str] = field(default_factory=dict)  # folded name -> person id

    @classmethod
    def of(cls, case: Case) -> PeopleIndex:
        """Index the case's people by id, review name and (silently) real names and aliases."""
        index = cls()
        # Real names and aliases are matched so that a return that uses them still links
        # the right person; they are never written to the case's events or printed.
        for person in case.people:
            for name in (person.real_name, *person.aliases):
                if name:
                    index.names.setdefault(_fold(name), person.id)
        for person in case.people:
            for name in (person.id, person.name):
                index.names[_fold(name)] = person.id
        return index

    def resolve(self, value: Value) -> tuple[list[str], list[str]]:
        """The person ids named in a cell, and the names that match no one."""
        if blank(value):
            return [], []
        ids: list[str] = []
        unknown: list[str] = []
        for part in _SPLIT.split(str(value)):
            name = re.sub(r"\([^)]*\)", "", part).strip(" .-")
            if not name:
                continue
            key = _fold(name)
            pid = self.names.get(key) or self.names.get(_SHORT_FORMS.get(key, ""))
            if pid is None:
                unknown.append(" ".join(name.split()))
            elif pid not in ids:
                ids.append(pid)
        return ids, unknown


def _fold(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


# --- event types ------------------------------------------------------------------------------

_TYPE_WORDS = {
    "strategy meeting": "strategy-discussion",
    "strategy": "strategy-discussion",
    "strategy discussion meeting": "strategy-discussion",
    "section 47": "s47-enquiry",
    "section 47 enquiry": "s47-enquiry",
    "s47": "s47-enquiry",
    "s 47": "s47-enquiry",
    "s47 enquiry": "s47-enquiry",
    "child protection medical": "cp-medical",
    "cp medical": "cp-medical",
    "initial child protection conference": "icpc",
    "initial cp conference": "icpc",
    "review child protection conference": "rcpc",
    "review cp conference": "rcpc",
    "core group meeting": "core-group",
    "child in need meeting": "cin-meeting",
    "cin meeting": "cin-meeting",
    "child in need review": "cin-meeting",
    "visit": "home-visit",
    "home visit announced": "home-visit",
    "unannounced visit": "unannounced-visit",
    "home visit unannounced": "unannounced-visit",
    "telephone call": "phone-call",
    "telephone": "phone-call",
    "phone": "phone-call",
    "tel call": "phone-call",
    "call": "phone-call",
    "telephone contact": "phone-call",
    "domestic incident": "da-incident",
    "domestic abuse": "da-incident",
    "domestic abuse incident": "da-incident",
    "domestic": "da-incident",
    "call out": "police-callout",
    "police attendance": "police-callout",
    "dna": "missed-appointment",
    "did not attend": "missed-appointment",
    "was not brought": "missed-appointment",
    "wnb": "missed-appointment",
    "a and e attendance": "ed-attendance",
    "a and e": "ed-attendance",
    "a e": "ed-attendance",
    "a e attendance": "ed-attendance",
    "emergency department": "ed-attendance",
    "ed": "ed-attendance",
    "gp consultation": "gp-appointment",
    "gp": "gp-appointment",
    "gp contact": "gp-appointment",
    "referral received": "referral",
    "mash": "mash-screening",
    "email": "information-sharing",
    "letter": "information-sharing",
    "information shared": "information-sharing",
    "nbv": "new-birth-visit",
    "primary birth visit": "new-birth-visit",
    "antenatal": "antenatal-contact",
    "antenatal appointment": "antenatal-contact",
    "booking": "pregnancy-booking",
    "booking appointment": "pregnancy-booking",
    "delivery": "birth",
    "development check": "development-review",
    "developmental review": "development-review",
    "closure": "case-closure",
    "case closed": "case-closure",
    "marac": "marac-meeting",
    "professional disagreement": "escalation",
    "incident": "significant-incident",
}


@dataclass
class TypeIndex:
    """Every way a return may write an event type: ids, labels, common names, `--map-type`."""

    words: dict[str, str] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, case: Case, extra: dict[str, str] | None = None) -> TypeIndex:
        """The built-in vocabulary, the case's own types and any `--map-type` mappings."""
        index = cls()
        for word, type_id in _TYPE_WORDS.items():
            index.words[word] = type_id
        for type_id, label in event_types().items():
            index.words[_words(label)] = type_id
            index.words[_words(type_id)] = type_id
            index.labels.append(label)
        for type_id in case.vocabulary.get("event_types", []):
            index.words[_words(type_id)] = type_id
            index.labels.append(type_label(type_id))
        for written, type_id in (extra or {}).items():
            index.words[_words(written)] = type_id
        return index

    def resolve(self, value: Value) -> str | None:
        """The type id a cell names, or None when it names none."""
        return self.words.get(_words(shown(value)))

    def hint(self, value: Value) -> str:
        """' (did you mean ...?)' for a near miss."""
        return did_you_mean(shown(value), self.labels)


def _words(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
