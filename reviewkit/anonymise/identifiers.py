"""Identifiers found by their shape: NHS and National Insurance numbers, postcodes and the rest.

Each detector finds spans of text; `find_identifiers` runs them all and keeps the first of
any that overlap, so an NHS number is not also reported as a phone number. A match is
`definite` when its shape leaves no real doubt (an NHS number whose check digit is right);
doubtful shapes are still found, for the scan's review list, but never count as leaks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reviewkit.dates import day_pattern

# What each kind is called in reports, and what anonymised text says in its place.
LABELS = {
    "email": "e-mail address",
    "dob": "date of birth",
    "nhs-number": "NHS number",
    "ni-number": "National Insurance number",
    "phone": "phone number",
    "postcode": "postcode",
    "address": "street address",
    "handle": "social media handle",
    "reference": "reference number",
    "collar-number": "police collar number",
    "vehicle": "vehicle registration",
}
REMOVED = {kind: f"[{label} removed]" for kind, label in LABELS.items()}


@dataclass(frozen=True)
class Found:
    """One identifier in a text: its kind, where it is, and how sure the match is."""

    kind: str
    start: int
    end: int
    definite: bool = True
    # For "born on 3 May 2019" only the date is removed, leaving "born"; see `replacement`.
    born: bool = False

    @property
    def label(self) -> str:
        """What the kind is called: 'NHS number'."""
        return LABELS[self.kind]

    @property
    def replacement(self) -> str:
        """The text anonymised output puts in its place."""
        return "" if self.born else REMOVED[self.kind]


# --- NHS numbers --------------------------------------------------------------------------------


def nhs_check_digit_ok(digits: str) -> bool:
    """True when a 10-digit NHS number's last digit is its modulus 11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# Any one separator, used the same way twice: 943 476 5919, 943-476-5919, 943.476.5919.
_NHS = re.compile(r"(?<![\w+/.-])(\d{3})([ .\-]?)(\d{3})\2(\d{4})(?![\w/-]|\.\d)")


def _nhs(text: str) -> Iterator[Found]:
    for m in _NHS.finditer(text):
        digits = m[1] + m[3] + m[4]
        if nhs_check_digit_ok(digits):
            yield Found("nhs-number", m.start(), m.end())
        elif m[2]:
            # Spaced 3-3-4 but the check digit is wrong: a mistyped NHS number, or something
            # else; worth a look, not a leak.
            yield Found("nhs-number", m.start(), m.end(), definite=False)


# --- other patterns -----------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

# National Insurance: two prefix letters (never D, F, I, Q, U, V; second never O; some pairs
# never issued), six digits, a suffix A-D. Often written in pairs: QQ 12 34 56 C.
_NI = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?"
    r"\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
    re.IGNORECASE,
)

# Any case: "ls1 4ap" is as identifying as "LS1 4AP". A lower-case one must keep its space,
# so that ordinary words and ids are not taken for postcodes.
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:[A-HK-Y]?\d[A-Z\d]?|\d[A-HJKPSTUW]) ?\d[ABD-HJLNP-UW-Z]{2})\b"
    r"|(?<![\w-])(?:[a-pr-uwyz](?:[a-hk-y]?\d[a-z\d]?|\d[a-hjkpstuw]) \d[abd-hjlnp-uw-z]{2})\b",
    re.IGNORECASE,
)

# A run that starts like a UK number; `_phone` then checks the digits.
# Separators may be spaces, hyphens or dots; the country code +44 or 0044.
_PHONE = re.compile(
    r"(?<![\w+/.])(?:\+44|0044|\(0|0)(?:[ .\-]?\(?\)?[ .\-]?\d){8,12}(?![\w/]|\.\d)"
)

_STREET_WORDS = (
    "Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Way|Crescent|Cres|Court|Ct|Place|Gardens|"
    "Gdns|Grove|Terrace|Walk|Hill|Row|Square|Sq|Mews|Parade|Rise|View|Green|Park|Gate|Vale|"
    "Wharf|Yard|Boulevard|Broadway|Croft|Fields|Meadow|Meadows|Chase"
)
_ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit|Room)\.? ?\d+[A-Za-z]?,? )?"
    r"(?<![\w/.:-])\d{1,4}[A-Za-z]?,? (?:[A-Z][\w'’-]*\.? ){1,3}"
    rf"(?:{_STREET_WORDS})\b\.?"
)

_DAY_DATE = day_pattern()  # every way reviewkit.dates writes one day
# Beside a "DOB" label any day-month-year layout is a date of birth, even one the date grammar
# does not read as a date: 19-Jul-1990, 19.07.90, 1990/07/19, 19th of July 1990.
_ANY_DAY = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t./-]*[A-Za-z]{3,9}\.?[ \t./,-]*\d{2,4}"
    r"|\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"
    r"|[A-Za-z]{3,9}\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+\d{4})(?![\w/])"
)
_DOB_LABEL = re.compile(
    rf"\b(?:DOB|D\.O\.B\.?|[Dd]ate of [Bb]irth)(?![\w])\.?:?[ \t]*(?:[-–:][ \t]*)?"
    rf"(?:{_DAY_DATE}|{_ANY_DAY})",
    re.IGNORECASE,
)
_BORN = re.compile(
    rf"\b(?:born|Born)((?:[ \t]+on)?[ \t]+(?:{_DAY_DATE}|{_ANY_DAY}))", re.IGNORECASE
)

# Social media: an @handle (not an e-mail address, found first) or a profile address.
_HANDLE = re.compile(
    r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}(?<!\.)"
    r"|\b(?:https?://)?(?:www\.|m\.)?(?:facebook|instagram|tiktok|twitter|x|snapchat|youtube)"
    r"\.com/@?[\w.\-]+",
    re.IGNORECASE,
)
_HANDLE_LABEL = re.compile(
    r"\b(?:Snapchat|Instagram|TikTok|Facebook|Twitter|WhatsApp|Discord)"
    r"(?:[ \t]+(?:handle|name|username|user|account|profile|ID))?[ \t]*(?:is|:|-)[ \t]*"
    r"(?P<handle>@?[\w.\-]*[\d_][\w.\-]*|@[\w.\-]+)",
    re.IGNORECASE,
)

# A police officer's number beside their rank: "PC 4521", "DC4521", "collar number 4521".
_COLLAR = re.compile(
    r"\b(?:(?:PC|DC|PS|DS|PCSO|Sgt|Sergeant|Constable)[ \t]*#?\d{2,6}"
    r"|(?i:collar|shoulder|warrant)[ \t]+(?i:number|no\.?|num)[ \t]*:?[ \t]*#?\d{2,6})\b"
)
# Current UK number plates: AB12 CDE.
_VEHICLE = re.compile(r"\b[A-HJ-PR-Y][A-HJ-PR-Y]\d{2}[ \t]?[A-HJ-PR-Z]{3}\b")
# A labelled reference (UPN, hospital or case number, crime reference ...), whatever its
# layout, and any other long run of digits or of letters and digits.
_REF_LABEL = (
    r"UPN|ULN|MRN|URN|CRN|CRIS|Mosaic|LCS|Liquidlogic|EHM|SystmOne|EMIS|Rio|"
    r"(?:unique[ \t]+pupil|hospital|patient|case|client|person|crime|incident|log|custody|"
    r"file|record|referral|system|account|court|docket|passport|licen[cs]e)"
    r"[ \t]+(?:reference|ref|number|no|num|id)|crime[ \t]+ref|CAD"
)
_REFERENCE = re.compile(
    rf"\b(?:{_REF_LABEL})\.?(?:[ \t]+(?:number|no|id|ref)\.?)?[ \t]*(?:is|:|#|-)?[ \t]*"
    r"(?P<ref>[A-Z0-9][A-Z0-9/\-.]*\d[A-Z0-9/\-]*)"
    r"|(?<![\w/.\-])(?P<run>[A-Za-z]{1,4}\d{5,}[A-Za-z]?|\d{7,}|\d{2,4}/\d{5,}(?:/\d{2,4})?)"
    r"(?![\w/\-]|\.\d)",
    re.IGNORECASE,
)


def _email(text: str) -> Iterator[Found]:
    for m in _EMAIL.finditer(text):
        yield Found("email", m.start(), m.end())


def _dob(text: str) -> Iterator[Found]:
    for m in _DOB_LABEL.finditer(text):
        yield Found("dob", m.start(), m.end())
    for m in _BORN.finditer(text):
        yield Found("dob", m.start(1), m.end(1), born=True)


def _ni(text: str) -> Iterator[Found]:
    for m in _NI.finditer(text):
        yield Found("ni-number", m.start(), m.end())


def _phone(text: str) -> Iterator[Found]:
    for m in _PHONE.finditer(text):
        raw = m[0]
        digits = re.sub(r"\D", "", raw)
        if raw.startswith(("+44", "0044")):
            rest = re.sub(r"\D", "", raw.replace("(0)", "", 1))[2 if raw[0] == "+" else 4 :]
            ok = len(rest) in (9, 10) and rest[0] in "123578"
        else:
            ok = len(digits) in (10, 11) and digits[0] == "0" and digits[1] in "123578"
        if ok and raw.count("(") == raw.count(")"):
            yield Found("phone", m.start(), m.end())


def _postcode(text: str) -> Iterator[Found]:
    for m in _POSTCODE.finditer(text):
        yield Found("postcode", m.start(), m.end())


def _address(text: str) -> Iterator[Found]:
    for m in _ADDRESS.finditer(text):
        yield Found("address", m.start(), m.end())


def _handle(text: str) -> Iterator[Found]:
    for m in _HANDLE_LABEL.finditer(text):
        yield Found("handle", m.start("handle"), m.end("handle"))
    for m in _HANDLE.finditer(text):
        yield Found("handle", m.start(), m.end())


def _collar(text: str) -> Iterator[Found]:
    for m in _COLLAR.finditer(text):
        yield Found("collar-number", m.start(), m.end())


def _vehicle(text: str) -> Iterator[Found]:
    for m in _VEHICLE.finditer(text):
        yield Found("vehicle", m.start(), m.end())


def _reference(text: str) -> Iterator[Found]:
    for m in _REFERENCE.finditer(text):
        group = "ref" if m["ref"] else "run"
        yield Found("reference", m.start(group), m.end(group))


# Earlier detectors win where two overlap: an e-mail address holds digits and words, a labelled
# date of birth holds a date, and a 10-digit NHS number can look like a phone number.
DETECTORS: tuple[Callable[[str], Iterator[Found]], ...] = (
    _email,
    _dob,
    _nhs,
    _ni,
    _phone,
    _postcode,
    _address,
    _handle,
    _collar,
    _vehicle,
    _reference,
)


# Every detector but `_email` and `_handle` needs a digit; those two need an "@", an "_", a
# digit or a profile address. A text with none of these (most sentences) is passed over at
# once, and one with no digit runs only those two: the same finds, without eleven scans.
_DIGIT = re.compile(r"\d")
_WORDY = (_email, _handle)
_NEEDS_MARK = re.compile(r"[@_]|\.com/", re.IGNORECASE)

# Then each detector runs only where a cheap necessary condition of its pattern holds: a digit
# shape its pattern cannot match without, or a word it cannot match without. Words are looked
# for in the lower-cased text, which finds exactly what the patterns' IGNORECASE finds except
# where one of four letters folds to an ASCII one (dotted and dotless i, long s, Kelvin sign):
# a text holding one runs every detector.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_NHS_SHAPE = re.compile(r"\d{3}[ .\-]?\d{3}")
_NI_SHAPE = re.compile(r"\d{2} ?\d{2} ?\d{2}")
_PHONE_SHAPE = re.compile(r"(?:\+44|0)(?:[ .\-()]{0,4}\d){8}")
_POSTCODE_SHAPE = re.compile(r"\d[ABD-HJLNP-UW-Z]{2}", re.IGNORECASE)
_STREET_SHAPE = re.compile(_STREET_WORDS)
_VEHICLE_SHAPE = re.compile(r"[A-HJ-PR-Y]{2}\d{2}")
_LONG_RUN = re.compile(r"\d{5}")
_BIRTH_WORDS = ("dob", "d.o.b", "birth", "born")
_HANDLE_WORDS = ("@", ".com/", "snapchat", "instagram", "tiktok", "facebook", "twitter",
                 "whatsapp", "discord")  # fmt: skip
_RANKS = ("PC", "DC", "PS", "DS", "Sgt", "Sergeant", "Constable")
_COLLAR_WORDS = ("collar", "shoulder", "warrant")
_REF_WORDS = (
    "upn", "uln", "mrn", "urn", "crn", "cris", "mosaic", "lcs", "liquidlogic", "ehm",
    "systmone", "emis", "rio", "pupil", "hospital", "patient", "case", "client", "person",
    "crime", "incident", "log", "custody", "file", "record", "referral", "system", "account",
    "court", "docket", "passport", "licen", "cad",
)  # fmt: skip


def _any(words: tuple[str, ...], text: str) -> bool:
    for word in words:  # noqa: SIM110 - a loop, not any() of a generator: it runs for every text
        if word in text:
            return True
    return False


_GATES: dict[Callable[[str], Iterator[Found]], Callable[[str, str], bool]] = {
    _email: lambda text, low: "@" in text,
    _dob: lambda text, low: _any(_BIRTH_WORDS, low),
    _nhs: lambda text, low: _NHS_SHAPE.search(text) is not None,
    _ni: lambda text, low: _NI_SHAPE.search(text) is not None,
    _phone: lambda text, low: _PHONE_SHAPE.search(text) is not None,
    _postcode: lambda text, low: _POSTCODE_SHAPE.search(text) is not None,
    _address: lambda text, low: _STREET_SHAPE.search(text) is not None,
    _handle: lambda text, low: _any(_HANDLE_WORDS, low),
    _collar: lambda text, low: _any(_RANKS, text) or _any(_COLLAR_WORDS, low),
    _vehicle: lambda text, low: _VEHICLE_SHAPE.search(text) is not None,
    _reference: lambda text, low: _LONG_RUN.search(text) is not None or _any(_REF_WORDS, low),
}


def find_identifiers(text: str) -> list[Found]:
    """Every identifier in `text`, in order, without overlaps."""
    if _DIGIT.search(text):
        detectors = DETECTORS
    elif _NEEDS_MARK.search(text):
        detectors = _WORDY
    else:
        return []
    # `starts`/`ends` hold the spans taken so far, in order and never overlapping, so whether
    # a new find overlaps one is a bisection, not a look at every one (a long document can
    # hold thousands).
    starts: list[int] = []
    ends: list[int] = []
    taken: list[Found] = []
    gated = _FOLDS_TO_ASCII.search(text) is None
    low = text.lower()
    for detector in detectors:
        if gated and not _GATES[detector](text, low):
            continue
        for found in detector(text):
            at = bisect.bisect_right(starts, found.start)
            if at and ends[at - 1] > found.start:
                continue  # overlaps the span that starts before it
            if at < len(starts) and starts[at] < found.end:
                continue  # overlaps the span after it
            starts.insert(at, found.start)
            ends.insert(at, found.end)
            taken.insert(at, found)
    return taken
