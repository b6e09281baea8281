"""Write synthetic case files for the benchmark: 100 to 20,000 events over 30 agencies.

    .venv/bin/python bench/make_cases.py            # bench/cases/events-100.yaml ... -20000
    .venv/bin/python bench/make_cases.py 50000      # any sizes you like

Each size also gets an agency return of as many rows (bench/cases/return-N.csv), in the
layout agencies send back, for timing `reviewkit import`, and a dense case of as many events
in 90 days from six agencies (bench/cases/dense-N.yaml), for timing `reviewkit duplicates`.

Every case is valid (`reviewkit check` passes) and the same seed always gives the same file.
All names are invented. Events are spread over nine years, with the detail, outcome and
analysis text of a real chronology (two to four sentences each, naming people by their real
names and writing dates, as agencies write), some times and same-day sequence numbers,
people, a few episodes, themes and recommendations.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path

import yaml

SIZES = (100, 1_000, 5_000, 20_000)
HERE = Path(__file__).parent
CASES = HERE / "cases"

AGENCY_TYPES = [
    "childrens-social-care", "early-help", "police", "health-visiting", "midwifery", "gp",
    "hospital", "paediatrics", "ambulance", "nhs-111", "camhs", "adult-mental-health",
    "substance-misuse", "school", "nursery", "education-welfare", "school-nursing", "probation",
    "housing", "domestic-abuse-service", "marac", "cafcass", "family-court", "voluntary-sector",
    "adult-social-care", "local-authority-legal", "other", "school", "gp", "police",
]  # fmt: skip
EVENT_TYPES = [
    "contact", "home-visit", "referral", "assessment", "strategy-discussion", "gp-appointment",
    "missed-appointment", "school-contact", "police-callout", "da-incident", "phone-call",
    "information-sharing", "meeting", "core-group", "cin-meeting", "ed-attendance",
    "attendance-concern", "supervision", "unannounced-visit", "development-review",
]  # fmt: skip
PEOPLE = [
    ("child-a", "Child A", "child", True),
    ("child-b", "Child B", "child", True),
    ("mother", "Mother", "parent", False),
    ("father", "Father", "parent", False),
    ("partner", "Mother's partner", "partner", False),
    ("mgm", "Maternal grandmother", "relative", False),
]
# Invented real names: agencies write them in their records, so the text below does too, and
# `build` and `anonymise` have names to find and replace, as on a real case.
REAL_NAMES = {
    "child-a": "Kayden Morrow",
    "child-b": "Lacey Morrow",
    "mother": "Jodie Morrow",
    "father": "Dean Ashby",
    "partner": "Tyler Quinn",
    "mgm": "Sandra Morrow",
}
PROSE = (
    "the worker visited the family home on 14 March and spoke with Jodie about Kayden's "
    "routines school attendance housing repairs money worries and the support offered by the "
    "health visitor; Kayden and Lacey were seen together and appeared well presented although "
    "the kitchen was cold and there was little food in the cupboards; Mother said her partner "
    "Tyler was at work and declined to give his details; a follow-up visit on 21/03 was agreed "
    "with the team manager and information was shared with the school's designated "
    "safeguarding lead two weeks later"
)
WORDS = PROSE.split(" ")


def sentence(rng: random.Random, low: int = 10, high: int = 22) -> str:
    """A plausible sentence of chronology prose."""
    start = rng.randrange(len(WORDS) - high)
    words = WORDS[start : start + rng.randint(low, high)]
    text = " ".join(words).replace(";", ",").strip(" ,")
    return text[0].upper() + text[1:] + "."


def prose(rng: random.Random, low: int, high: int) -> str:
    """A few sentences."""
    return " ".join(sentence(rng) for _ in range(rng.randint(low, high)))


def make_case(
    events: int, *, seed: int = 2024, days: int | None = None, agencies: int = 30
) -> dict[str, object]:
    """A whole synthetic case with `events` events (over nine years, or the last `days`)."""
    rng = random.Random(seed + events)
    start = dt.date(2015, 1, 1) if days is None else dt.date(2024, 2, 1) - dt.timedelta(days)
    span = (dt.date(2024, 2, 1) - start).days
    agency_list = [
        {
            "id": f"ag{i:02d}",
            "name": f"Agency {i:02d} ({kind.replace('-', ' ')})",
            "type": kind,
            "abbreviation": f"AG{i:02d}",
        }
        for i, kind in enumerate(AGENCY_TYPES[:agencies], start=1)
    ]
    people = [
        {
            "id": pid,
            "name": name,
            "real_name": REAL_NAMES[pid],
            "role": role,
            "subject": subject,
            "household": True,
        }
        for pid, name, role, subject in PEOPLE
    ]
    people[0]["dob"] = "2012-05-14"
    people[1]["dob"] = "2016-09-02"
    themes = [
        {"id": f"theme{i}", "title": f"Theme {i}: {sentence(rng, 4, 7)[:-1]}"} for i in range(1, 6)
    ]
    for theme in themes:
        theme["analysis"] = "\n\n".join(prose(rng, 3, 5) for _ in range(4))
        theme["learning"] = prose(rng, 2, 3)
    episodes = []
    rows = []
    days = sorted(rng.randrange(span) for _ in range(events))
    previous = None
    seq = 0
    for n, day in enumerate(days):
        date = start + dt.timedelta(days=day)
        seq = seq + 1 if date == previous else 0
        previous = date
        event: dict[str, object] = {
            "id": f"e{n + 1}",
            "date": date.isoformat(),
            "agency": rng.choice(agency_list)["id"],
            "type": rng.choice(EVENT_TYPES),
            "summary": sentence(rng, 6, 12),
            "details": prose(rng, 2, 4),
            "outcome": sentence(rng, 6, 12),
            "people": rng.sample([p[0] for p in PEOPLE], rng.randint(1, 3)),
        }
        if rng.random() < 0.3:
            event["time"] = f"{rng.randint(8, 20):02d}:{rng.choice((0, 15, 30, 45)):02d}"
        if seq:
            event["seq"] = seq
        if rng.random() < 0.2:
            event["analysis"] = prose(rng, 1, 2)
        if rng.random() < 0.1:
            event["child_seen"] = rng.random() < 0.7
        if rng.random() < 0.1:
            event["themes"] = [rng.choice(themes)["id"]]
        rows.append(event)
    for i in range(1, 6):
        picked = sorted(rng.sample(range(len(rows)), min(6, len(rows))))
        ids = [str(rows[k]["id"]) for k in picked]
        for k in picked:
            rows[k].setdefault("episodes", []).append(f"kpe{i}")  # type: ignore[union-attr]
        episodes.append(
            {
                "id": f"kpe{i}",
                "title": f"Episode {i}: {sentence(rng, 4, 8)[:-1]}",
                "events": ids,
                "what_happened": prose(rng, 3, 5),
                "known": prose(rng, 2, 4),
                "helped_hindered": prose(rng, 2, 4),
                "learning": prose(rng, 2, 3),
            }
        )
    return {
        "review": {
            "title": f"Synthetic review with {events:,} events",
            "kind": "lcspr",
            "partnership": "Benchmark Safeguarding Children Partnership",
            "authors": [{"name": "Synthetic Reviewer"}],
            "dates": {"incident": "2024-02-10", "report": "2024-08-01"},
            "scope": {"from": "2015-01-01", "to": "2024-02-10"},
            "reason": prose(rng, 3, 5),
            "marking": "OFFICIAL-SENSITIVE",
        },
        "people": people,
        "agencies": agency_list,
        "events": rows,
        "episodes": episodes,
        "themes": themes,
        "conclusions": prose(rng, 4, 6),
        "recommendations": [
            {"text": prose(rng, 1, 2), "addressee": "The Safeguarding Partnership"}
            for _ in range(5)
        ],
    }


RETURN_HEADINGS = ["Date of contact", "Time", "Contact type", "Details", "Outcome/Action"]


def write_return(path: Path, rows: int, *, seed: int = 7) -> None:
    """An agency's returned chronology of `rows` rows (CSV, dates as agencies write them)."""
    rng = random.Random(seed + rows)
    start = dt.date(2016, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RETURN_HEADINGS)
        for day in sorted(rng.randrange(2900) for _ in range(rows)):
            date = start + dt.timedelta(days=day)
            time = f"{rng.randint(8, 20):02d}:{rng.choice((0, 15, 30, 45)):02d}"
            kind = rng.choice(("Home visit", "Phone call", "Strategy meeting", "Referral"))
            writer.writerow(
                [f"{date:%d/%m/%Y}", time, kind, prose(rng, 2, 3), sentence(rng, 6, 12)]
            )


def main(argv: list[str]) -> None:
    """Write the cases asked for (default: every size in SIZES)."""
    sizes = [int(arg.replace(",", "").replace("_", "")) for arg in argv] or list(SIZES)
    CASES.mkdir(exist_ok=True)
    for size in sizes:
        path = CASES / f"events-{size}.yaml"
        text = yaml.dump(
            make_case(size), Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100
        )
        path.write_text(f"# Synthetic benchmark case: {size:,} events. Invented.\n{text}")
        print(f"{path} ({path.stat().st_size / 1_048_576:.1f} MiB)")
        write_return(CASES / f"return-{size}.csv", size)
        # For `duplicates`: as many events crowded into 90 days of six agencies' records.
        dense = CASES / f"dense-{size}.yaml"
        text = yaml.dump(
            make_case(size, days=90, agencies=6),
            Dumper=yaml.CSafeDumper,
            sort_keys=False,
            allow_unicode=True,
            width=100,
        )
        head = f"# Synthetic benchmark case: {size:,} events in 90 days. Invented.\n"
        dense.write_text(head + text)


if __name__ == "__main__":
    main(sys.argv[1:])
