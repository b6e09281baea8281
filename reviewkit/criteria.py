"""The criteria for deciding whether to commission a local review, shipped as data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Criterion:
    """One criterion the partners weigh: its id, short label, wording and group."""

    id: str
    label: str
    text: str
    group: str  # "regulations" or "further"


@cache
def _data() -> dict[str, Any]:
    import yaml

    text = resources.files("reviewkit.data").joinpath("lcspr_criteria.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def lcspr_criteria() -> dict[str, Criterion]:
    """Every criterion, in the order a checklist shows them: id -> Criterion."""
    return {
        cid: Criterion(cid, item["label"], " ".join(item["text"].split()), item["group"])
        for cid, item in _data()["criteria"].items()
    }


def group_titles() -> dict[str, str]:
    """The criteria groups in order: group id -> heading."""
    titles: dict[str, str] = _data()["groups"]
    return titles
