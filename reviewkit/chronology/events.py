"""Events as the case file holds them: their data, where they came from, and fingerprints.

An imported event carries a fingerprint of its content as imported
(`provenance[].imported`). When the event no longer matches it, the author has edited it.
The edits that imports and merges make to the file go through `reviewkit.casefile`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from reviewkit.chronology.template import CHRONOLOGY_SHEET
from reviewkit.model import Event, Provenance

# The fields a fingerprint holds, with each one's default (left out, as exclude_defaults does).
_FINGERPRINTED = [
    (name, info.get_default(call_default_factory=True))
    for name, info in Event.model_fields.items()
    if name != "provenance"
]


def fingerprint(event: Event) -> str:
    """A short hash of an event's content (everything but its provenance).

    The hash is of the JSON of `model_dump(mode="json", exclude={"provenance"},
    exclude_defaults=True)`, as case files already hold it; it is put together from the
    fields themselves (a date is its text), which costs a tenth of `model_dump`.
    """
    if event.told is not None:  # a nested model: its own defaults are left out too
        data = event.model_dump(mode="json", exclude={"provenance"}, exclude_defaults=True)
    else:
        data = {}
        for name, default in _FINGERPRINTED:
            value = getattr(event, name)
            if value != default:
                data[name] = str(value) if name == "date" else value
    text = _JSON.encode(data)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# json.dumps with these options, made once: an import fingerprints every row.
_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def edited(event: Event) -> bool:
    """True when the author changed an imported event, or merged it with others."""
    if len(event.provenance) != 1:
        return bool(event.provenance)
    imported = event.provenance[0].imported
    return imported is None or imported != fingerprint(event)


def event_data(event: Event) -> dict[str, Any]:
    """An event as case-file data: keys in the model's order, empty values left out."""
    data: dict[str, Any] = {}
    # A model's values, in its fields' order (read straight: an import does this by the
    # thousand, and a getattr for each field name cost twice as much).
    for name, value in event.__dict__.items():
        if value is None or value == []:
            continue
        if name == "date":
            value = value.text
        elif name == "provenance":
            value = [provenance_data(p) for p in value]
        elif isinstance(value, list):
            value = list(value)
        data[name] = value
    return data


def provenance_data(source: Provenance) -> dict[str, Any]:
    """One provenance entry as case-file data, empty values left out.

    As `model_dump(exclude_none=True)` gives it: its fields are plain text and numbers.
    """
    return {k: v for k, v in source.__dict__.items() if v is not None}


def sources(event: Event) -> list[str]:
    """Where an event came from, one line per source: 'police.xlsx:12', 'case file'."""
    lines = []
    for entry in event.provenance:
        if not entry.file:
            lines.append(f"{entry.agency}: case file")
            continue
        sheet = f"[{entry.sheet}]" if entry.sheet and entry.sheet != CHRONOLOGY_SHEET else ""
        row = f":{entry.row}" if entry.row else ""
        lines.append(f"{entry.file}{sheet}{row}")
    return lines or ["case file"]
