"""What an anonymised case calls its agencies: a generic name by type, lettered when shared.

The anonymiser gives agencies these names, and the leak scan expects them in running text,
so both read them from here.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from reviewkit.anonymise.names import lower_first
from reviewkit.vocabulary import agency_types

if TYPE_CHECKING:
    from reviewkit.model import Case

# Generic names for agencies by type: (the agency's new name, what running text says).
AGENCY_NAMES: dict[str, tuple[str, str]] = {
    "childrens-social-care": ("Children's social care", "children's social care"),
    "early-help": ("Early help service", "the early help service"),
    "police": ("Police", "the police"),
    "health-visiting": ("Health visiting service", "the health visiting service"),
    "midwifery": ("Maternity service", "the maternity service"),
    "gp": ("GP practice", "the GP practice"),
    "hospital": ("Hospital", "the hospital"),
    "paediatrics": ("Paediatric service", "the paediatric service"),
    "ambulance": ("Ambulance service", "the ambulance service"),
    "nhs-111": ("NHS 111", "NHS 111"),
    "camhs": ("CAMHS", "CAMHS"),
    "adult-mental-health": ("Adult mental health service", "the adult mental health service"),
    "substance-misuse": ("Substance misuse service", "the substance misuse service"),
    "school": ("School", "the school"),
    "nursery": ("Nursery", "the nursery"),
    "education-welfare": ("Education welfare service", "the education welfare service"),
    "school-nursing": ("School nursing service", "the school nursing service"),
    "probation": ("Probation service", "the probation service"),
    "housing": ("Housing provider", "the housing provider"),
    "domestic-abuse-service": ("Domestic abuse service", "the domestic abuse service"),
    "marac": ("MARAC", "MARAC"),
    "cafcass": ("CAFCASS", "CAFCASS"),
    "family-court": ("Family court", "the family court"),
    "voluntary-sector": ("Voluntary sector organisation", "the voluntary sector organisation"),
    "adult-social-care": ("Adult social care", "adult social care"),
    "local-authority-legal": ("Local authority legal service", "the local authority legal service"),
}


def agency_labels(case: Case) -> tuple[dict[str, str], dict[str, str]]:
    """Each agency's new name, and what running text says instead of its old name."""
    types = agency_types()
    counts = Counter(a.type for a in case.agencies)
    seen: Counter[str] = Counter()
    names: dict[str, str] = {}
    phrases: dict[str, str] = {}
    for agency in case.agencies:
        label = types.get(agency.type, agency.type.replace("-", " "))
        name, phrase = AGENCY_NAMES.get(agency.type, (label, "the " + lower_first(label)))
        if counts[agency.type] > 1:
            # Two hospitals must stay two: Hospital A and Hospital B.
            letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[min(seen[agency.type], 25)]
            seen[agency.type] += 1
            name = phrase = f"{name} {letter}"
        names[agency.id] = name
        phrases[agency.id] = phrase
    return names, phrases
