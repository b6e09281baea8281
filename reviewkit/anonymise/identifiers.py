"""Identifiers found by their shape: NHS and National Insurance numbers, postcodes and the rest.

Each detector finds spans of text; `find_identifiers` runs them all and keeps the first of
any that overlap, so an NHS number is not also reported as a phone number. A match is
`definite` when its shape leaves no real doubt (an NHS number whose check digit is right);
doubtful shapes are still found, for the scan's review list, but never count as leaks.
"""

from __future__ import annotations

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


_NHS = re.compile(r"(?<![\w+/.-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w/-]|\.\d)")


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
    r"\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)

_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:[A-HK-Y]?\d[A-Z\d]?|\d[A-HJKPSTUW]) ?\d[ABD-HJLNP-UW-Z]{2})\b"
)

# A run that starts like a UK number; `_phone` then checks the digits.
_PHONE = re.compile(r"(?<![\w+/.])(?:\+44|\(0|0)(?:[ -]?\(?\)?[ -]?\d){8,12}(?![\w/])")

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
_DOB_LABEL = re.compile(
    rf"\b(?:DOB|D\.O\.B\.?|[Dd]ate of [Bb]irth)\b:?[ \t]*(?:[-–:][ \t]*)?{_DAY_DATE}", re.IGNORECASE
)
_BORN = re.compile(rf"\b(?:born|Born)((?:[ \t]+on)?[ \t]+{_DAY_DATE})", re.IGNORECASE)


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
        if raw.startswith("+44"):
            rest = re.sub(r"\D", "", raw.replace("(0)", "", 1))[2:]
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
)


def find_identifiers(text: str) -> list[Found]:
    """Every identifier in `text`, in order, without overlaps."""
    taken: list[Found] = []
    for detector in DETECTORS:
        for found in detector(text):
            if not any(found.start < t.end and t.start < found.end for t in taken):
                taken.append(found)
    return sorted(taken, key=lambda f: f.start)
