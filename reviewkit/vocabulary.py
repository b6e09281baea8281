"""The built-in vocabularies (agency types, event types) and glossary, shipped as data."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import cast

import yaml

from reviewkit.wording import capitalise


@cache
def _data(name: str) -> dict[str, object]:
    text = resources.files("reviewkit.data").joinpath(name).read_text(encoding="utf-8")
    return cast(dict[str, object], yaml.safe_load(text))


def agency_types() -> dict[str, str]:
    """Built-in agency types: id -> label."""
    return cast(dict[str, str], _data("vocabulary.yaml")["agency_types"])


def event_types() -> dict[str, str]:
    """Built-in event types: id -> label."""
    return cast(dict[str, str], _data("vocabulary.yaml")["event_types"])


def glossary() -> dict[str, str]:
    """Built-in glossary: abbreviation -> expansion."""
    return cast(dict[str, str], _data("glossary.yaml"))


def type_label(type_id: str) -> str:
    """The label of an event type: the built-in label, else the case's id made readable."""
    label = event_types().get(type_id)
    if label:
        return label
    return capitalise(type_id.replace("-", " ").replace("_", " "))
