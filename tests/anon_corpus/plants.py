"""An invented case with hundreds of identifiers planted in every kind of free-text field.

EVERYTHING HERE IS INVENTED: names, places, numbers and addresses are made up (phone numbers
are from Ofcom's drama ranges, NHS numbers are generated with a valid check digit).

`corpus_case()` returns the case file's data and the plants: each plant says where it was put
(the case-file path), what kind of identifier it is, what the replacement report counts it
as, and the patterns that must not be found in any output afterwards.
"""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reviewkit.names import fold

BASE = Path(__file__).resolve().parent.parent / "fixtures" / "anon-case.yaml"
PER_KIND = 6


@dataclass(frozen=True)
class Plant:
    """One planted identifier: where it is, its kind, and what must never be seen again."""

    kind: str  # what the plant is: "NHS number (dots)", "alias part" ...
    counted_as: str  # the kind the replacement report counts it under
    text: str  # the sentence planted
    secrets: tuple[str, ...]  # regexes (on accent-folded text, any case) that must not match
    path: str = ""

    @property
    def replaced(self) -> str:
        """A regex for what the replacement replaced (the plant's identifying part)."""
        return "Will" if self.kind == "common-word name" else self.secrets[0]


# People, professionals and places added to the base case. The names are in every form the
# matcher must know: hyphenated first names, double-barrelled surnames, Mac/Mc, accents,
# aliases of two words, names that are common words.
PEOPLE: list[dict[str, Any]] = [
    {
        "id": "uncle",
        "name": "Uncle",
        "role": "relative",
        "pronouns": "he/him",
        "real_name": "Darragh MacAllister",
        "aliases": ["Billy Doyle"],
    },
    {
        "id": "aunt",
        "name": "Aunt",
        "role": "relative",
        "pronouns": "she/her",
        "real_name": "Zoë Siân Okafor-Brennan",
    },
    {
        "id": "cousin",
        "name": "Cousin",
        "role": "child",
        "pronouns": "she/her",
        "real_name": "Tayla-Mae Oyelaran",
    },
]
PROFESSIONAL = {
    "name": "Constance Abernethy-Quist",
    "role": "the social worker",
    "aliases": ["Connie Quist"],
}
PLACES = [
    {"name": "Brackenridge Academy", "label": "the secondary school", "kind": "school"},
    {"name": "Hollinbrook", "label": "a neighbouring area", "kind": "area"},
]

# Words that must never be seen in any output, in any case, even inside another word.
NEVER = (
    "MacAllister",
    "McAllister",
    "Darragh",
    "Doyle",
    "Billy",
    "Okafor",
    "Brennan",
    "Siobhan",
    "Tayla",
    "Oyelaran",
    "Abernethy",
    "Quist",
    "Constance",
    "Connie",
    "Brackenridge",
    "Hollinbrook",
    "Zoe",
    "Sian",
)


def _nhs_numbers() -> list[str]:
    """Invented 10-digit numbers with a valid NHS check digit."""
    out = []
    for n in itertools.count(401_023_213):
        digits = f"{n:09d}"
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check != 10:
            out.append(digits + str(check))
        if len(out) == 4 * PER_KIND:
            return out
    raise AssertionError  # pragma: no cover


def _digits(number: str, *, whole: bool = True) -> str:
    """A pattern for a number's digits, whatever separators were put between them."""
    digits = re.sub(r"\D", "", number)
    return (r"(?<!\d)" if whole else "") + r"[\W_]*".join(digits) + r"(?!\d)"


def _name_plants() -> list[Plant]:
    """Names in every form, as sentences of a chronology."""
    forms: list[tuple[str, str, str, str]] = [
        # kind, counted as, sentence ({i} makes each sentence different), secret
        ("full name", "name", "Darragh MacAllister visited on day {i}.", "MacAllister"),
        ("first name", "name", "Staff saw Darragh at the door on day {i}.", "Darragh"),
        ("surname", "name", "The worker phoned Mr MacAllister on day {i}.", "MacAllister"),
        ("Mc for Mac", "name", "A letter went to D. McAllister on day {i}.", "McAllister"),
        ("all capitals", "name", "NOTE {i}: DARRAGH MACALLISTER WAS PRESENT.", "MACALLISTER"),
        ("possessive", "name", "It was Darragh's car on day {i}.", "Darragh"),
        ("alias", "name", "He called himself Billy Doyle on day {i}.", "Doyle"),
        ("part of alias", "name", "Neighbours knew him as Billy (note {i}).", "Billy"),
        ("part of hyphenated first name", "name", "Tayla was at school on day {i}.", "Tayla"),
        ("part of double-barrelled surname", "name", "Ms Okafor rang on day {i}.", "Okafor"),
        ("other part of surname", "name", "The Brennan flat was cold (visit {i}).", "Brennan"),
        ("without accents", "name", "Zoe Okafor-Brennan came to the review {i}.", "Zoe"),
        ("with accents", "name", "Zoë said that on day {i} she was scared.", "Zo[eë]"),
        ("middle name without accent", "name", "Sian was her middle name (note {i}).", "Sian"),
        ("touching underscores", "name", "See WRI_Okafor-Brennan_chronology_{i}.xlsx.", "Okafor"),
        ("touching digits", "name", "File Oyelaran2019v{i} was saved.", "Oyelaran"),
        ("split over lines", "name", "On visit {i} Darragh\nMacAllister was there.", "Darragh"),
        ("lower case", "name", "note {i}: oyelaran family not seen.", "oyelaran"),
        ("common-word name", "name", "On visit {i} Will said he was tired.", r"Will said"),
        ("professional", "professional", "Constance Abernethy-Quist wrote on day {i}.", "Quist"),
        ("professional alias part", "professional", "Connie agreed on day {i}.", "Connie"),
        ("place", "place", "He was excluded from Brackenridge Academy (note {i}).", "Bracken"),
        ("area", "place", "The family moved to Hollinbrook in move {i}.", "Hollinbrook"),
    ]
    plants = []
    for kind, counted, sentence, secret in forms:
        for i in range(1, PER_KIND + 1):
            plants.append(Plant(kind, counted, sentence.format(i=i), (secret,)))
    return plants


def _identifier_plants() -> list[Plant]:
    """Identifiers in every layout."""
    nhs = iter(_nhs_numbers())
    plants: list[Plant] = []

    def add(kind: str, counted: str, texts: list[tuple[str, str]]) -> None:
        for sentence, secret in texts:
            plants.append(Plant(kind, counted, sentence, (secret,)))

    def nhs_in(sep: str) -> list[tuple[str, str]]:
        out = []
        for _ in range(PER_KIND):
            n = next(nhs)
            written = sep.join([n[:3], n[3:6], n[6:]])
            out.append((f"NHS number {written} was checked.", _digits(n)))
        return out

    r = range(1, PER_KIND + 1)
    add("NHS number (spaces)", "NHS number", nhs_in(" "))
    add("NHS number (dots)", "NHS number", nhs_in("."))
    add("NHS number (plain)", "NHS number", nhs_in(""))
    add("NHS number (hyphens)", "NHS number", nhs_in("-"))
    ni = [f"JK {10 + i} 34 5{i} C" for i in r]
    add("NI number", "National Insurance number", [(f"NI: {n}.", n) for n in ni])
    ni_low = [f"jk{20 + i}345{i}d" for i in r]
    add("NI number (lower case)", "National Insurance number", [(f"ni {n}", n) for n in ni_low])
    pcs = [f"LS{i} 4AP" for i in r]
    add("postcode", "postcode", [(f"They moved to {p} in spring.", p) for p in pcs])
    pcs_low = [f"bd{i} 7qx" for i in r]
    add("postcode (lower case)", "postcode", [(f"Letter sent to {p}.", p) for p in pcs_low])

    def phones(template: str) -> list[tuple[str, str]]:
        return [
            (
                f"Call {template.format(n=f'{480 + i:03d}')} after six.",
                _digits(f"7700900{480 + i}", whole=False),
            )
            for i in r
        ]

    add("mobile (spaces)", "phone number", phones("07700 900{n}"))
    add("phone (dots)", "phone number", phones("07700.900.{n}"))
    add("phone (0044)", "phone number", phones("0044 7700 900{n}"))
    add("phone (+44)", "phone number", phones("+44 (0)7700 900{n}"))
    add("phone (hyphens)", "phone number", phones("07700-900-{n}"))
    add(
        "e-mail",
        "e-mail address",
        [(f"Write to zo.brennan{i}@example.org today.", f"brennan{i}@") for i in r],
    )
    add(
        "handle",
        "social media handle",
        [(f"Posts by @jaylee_{i}x were seen.", f"jaylee_{i}x") for i in r],
    )
    add(
        "profile address",
        "social media handle",
        [(f"See instagram.com/tayla.mae{i} for photos.", f"tayla.mae{i}") for i in r],
    )
    add(
        "labelled handle",
        "social media handle",
        [(f"Snapchat: dazza_{i}9 sent messages.", f"dazza_{i}9") for i in r],
    )
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
    add(
        "DOB 19-Jul-1990",
        "date of birth",
        [(f"DOB: 1{i}-{months[i - 1]}-1990.", f"1{i}-{months[i - 1]}-1990") for i in r],
    )
    add(
        "DOB 19/07/1990",
        "date of birth",
        [(f"Date of birth 1{i}/07/1989 recorded.", f"1{i}/07/1989") for i in r],
    )
    add("DOB 19.07.90", "date of birth", [(f"D.O.B. 1{i}.08.91 noted.", f"1{i}.08.91") for i in r])
    add("DOB 1990/07/19", "date of birth", [(f"DOB 1988/09/1{i}.", f"1988/09/1{i}") for i in r])
    add(
        "born on a day",
        "date of birth",
        [(f"Her brother was born on 1{i} October 1992.", f"1{i} October 1992") for i in r],
    )
    add(
        "street address",
        "street address",
        [
            (f"They lived at {20 + i} Kestrel Close for a year.", f"{20 + i} Kestrel Close")
            for i in r
        ],
    )
    add(
        "UPN",
        "reference number",
        [(f"UPN: H80123456789{i} on the school file.", f"H80123456789{i}") for i in r],
    )
    add(
        "hospital number",
        "reference number",
        [(f"Hospital number RX55{i}1234 was used.", f"RX55{i}1234") for i in r],
    )
    add(
        "crime reference",
        "reference number",
        [(f"Crime reference 14/23{i}456/21 was given.", f"14/23{i}456/21") for i in r],
    )
    add(
        "case system id",
        "reference number",
        [(f"Mosaic ID 90{i}4417 holds the record.", f"90{i}4417") for i in r],
    )
    add(
        "vehicle registration",
        "vehicle registration",
        [(f"A car, YK6{i} WPD, was parked outside.", f"YK6{i} ?WPD") for i in r],
    )
    add(
        "collar number",
        "police collar number",
        [(f"PC 45{i}1 attended with a colleague.", f"45{i}1") for i in r],
    )
    add(
        "long digit run",
        "reference number",
        [(f"Reference 7721{i}0553 was quoted.", f"7721{i}0553") for i in r],
    )
    return plants


# Free-text fields of every kind in the base case, as (path, how to add text to it).
FIELDS: list[tuple[str, ...]] = [
    ("review", "reason"),
    ("review", "background"),
    ("review", "scope", "reason"),
    ("review", "terms_of_reference", "*"),
    ("people", "*", "notes"),
    ("events", "*", "summary"),
    ("events", "*", "details"),
    ("events", "*", "outcome"),
    ("events", "*", "analysis"),
    ("events", "*", "child_words"),
    ("events", "*", "source"),
    ("interviews", "*", "notes"),
    ("interviews", "*", "quotes", "*", "text"),
    ("episodes", "*", "what_happened"),
    ("episodes", "*", "known"),
    ("episodes", "*", "helped_hindered"),
    ("episodes", "*", "good_practice"),
    ("episodes", "*", "learning"),
    ("themes", "*", "analysis"),
    ("themes", "*", "good_practice"),
    ("themes", "*", "learning"),
    ("themes", "*", "further_consideration"),
    ("conclusions",),
    ("recommendations", "*", "text"),
    ("recommendations", "*", "measure"),
    ("agency_returns", "*", "involvement"),
    ("agency_returns", "*", "immediate_actions", "*"),
    ("agency_returns", "*", "learning"),
    ("rapid_review", "summary"),
    ("rapid_review", "why_notified"),
    ("rapid_review", "family_context"),
    ("rapid_review", "immediate_actions", "*"),
    ("rapid_review", "lcspr_decision", "reasons"),
    ("rapid_review", "lcspr_decision", "criteria", "multi-agency-concerns", "note"),
    ("glossary", "OPS"),
]


def _slots(data: dict[str, Any]) -> list[tuple[str, list[Any], Any]]:
    """Every free-text value of the kinds in FIELDS: (path, container, key)."""
    slots: list[tuple[str, list[Any], Any]] = []

    def walk(node: Any, rest: tuple[str, ...], path: str) -> None:
        key, *more = rest
        if key == "*":
            for i, item in enumerate(node):
                if more:
                    walk(item, tuple(more), f"{path}[{i}]")
                else:
                    slots.append((f"{path}[{i}]", node, i))
            return
        if key not in node:
            if more:
                return
            node[key] = "Planted."
        where = f"{path}.{key}" if path else key
        if more:
            walk(node[key], tuple(more), where)
        else:
            slots.append((where, node, key))

    for field in FIELDS:
        walk(data, field, "")
    return slots


def corpus_case() -> tuple[dict[str, Any], list[Plant]]:
    """The base case with the corpus's people added and every plant put in a free-text field."""
    data = copy.deepcopy(yaml.safe_load(BASE.read_text(encoding="utf-8")))
    data["people"].extend(copy.deepcopy(PEOPLE))
    data["anonymise"]["professionals"].append(dict(PROFESSIONAL))
    data["anonymise"]["places"].extend(copy.deepcopy(PLACES))
    slots = _slots(data)
    placed = []
    for n, plant in enumerate(_name_plants() + _identifier_plants()):
        path, node, key = slots[n % len(slots)]
        node[key] = f"{str(node[key]).rstrip()} {plant.text}"
        placed.append(Plant(plant.kind, plant.counted_as, plant.text, plant.secrets, path))
    return data, placed


def survivors(text: str, plants: list[Plant]) -> list[str]:
    """What of the plants (or the corpus's names) is still in `text`; [] when nothing is."""
    folded = fold(text)
    found = [w for w in NEVER if w.lower() in folded.lower()]
    for plant in plants:
        for secret in plant.secrets:
            flags = 0 if plant.kind == "common-word name" else re.IGNORECASE
            if re.search(fold(secret), folded, flags):
                found.append(f"{plant.kind}: {plant.text!r}")
    return found
