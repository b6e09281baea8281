"""The anonymiser's vocabulary: every name a case holds, beyond its people's real names.

The dependable source of names is the case file itself: people's `real_name` and `aliases`,
the professionals, places and services listed under `anonymise:`, the agencies' names and the
partnership's. How each is matched in text is the one name matcher's business
(reviewkit/names.py); this module gathers the names and says what replaces each.

A surname shared by several people resolves by the title's pronoun and by whose whole surname
it is; when it still fits more than one person it is replaced by a neutral label.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from reviewkit.names import (
    Entry,
    Owner,
    Vocabulary,
    alias_entries,
    common_words,
    merge,
    normalise,
    person_entries,
    person_owner,
    person_variants,
    usable,
)

if TYPE_CHECKING:
    from reviewkit.model import Case

# --- building the vocabulary ---------------------------------------------------------------------


def lower_first(text: str) -> str:
    """'Health visiting' -> 'health visiting', but 'GP practice' and 'CAMHS' stay as they are."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def build_vocabulary(
    case: Case,
    *,
    labels: dict[str, str] | None = None,
    agency_labels: dict[str, str] | None = None,
    include_agencies: bool | None = None,
) -> Vocabulary:
    """The case's names: people, professionals, places, agencies, the partnership, authors.

    `labels` maps person ids to the label that replaces their names (default: their `name`);
    `agency_labels` maps agency ids to what text says instead of their names. Agency and
    partnership names count only in a case that has not been anonymised (an anonymised
    case's agency names are already generic).
    """
    labels = labels or {}
    settings = case.anonymise
    anonymised = bool(settings and settings.anonymised)
    if include_agencies is None:
        include_agencies = not anonymised
    entries: list[Entry] = []
    vocab = Vocabulary()
    for i, person in enumerate(case.people):
        owner = person_owner(case, i, labels.get(person.id, person.name))
        label = owner.label
        entries.extend(person_entries(person, owner))
        # An anonymised case's dates of birth are on its moved calendar: not real ones.
        if person.dob is not None and person.dob.precision == "day" and not anonymised:
            vocab.births.append((person.dob, owner))
        if label != person.name and usable(person.name):
            pseudo = Owner(
                key=f"people[{i}]",
                category="pseudonym",
                label=label,
                describe=label,
                family=owner.family,
                leak=False,
            )
            entries.append(Entry(person.name, "former name used", pseudo))
        vocab.known_words.update(_words(label))
        vocab.known_words.update(_words(person.name))
    if settings is not None:
        for i, prof in enumerate(settings.professionals):
            owner = Owner(
                key=f"anonymise.professionals[{i}]",
                category="professional",
                label=prof.role,
                describe=f"professional {i + 1} ({prof.role})",
            )
            entries.extend(Entry(t, f, owner) for t, f in person_variants(prof.name))
            entries.extend(alias_entries(prof.aliases, owner))
            vocab.known_words.update(_words(prof.role))
        labels_used: dict[str, int] = {}
        for i, place in enumerate(settings.places):
            label = place_label(place.label, labels_used)
            owner = Owner(
                key=f"anonymise.places[{i}]",
                category="place",
                label=label,
                describe=f"place {i + 1} ({place.kind}: {label})",
                area=place.kind == "area",
            )
            entries.append(Entry(place.name, "name", owner))
            entries.extend(
                Entry(a, f"alias {j + 1}", owner) for j, a in enumerate(place.aliases) if usable(a)
            )
            vocab.known_words.update(_words(label))
        vocab.known_words.update(w.lower() for w in settings.keep)
    for i, author in enumerate(case.review.authors):
        owner = Owner(
            key=f"review.authors[{i}]",
            category="professional",
            label="the independent reviewer",
            describe=f"author {i + 1}",
        )
        entries.extend(Entry(t, f, owner) for t, f in person_variants(author.name))
    if include_agencies:
        agency_owners: dict[int, Owner] = {}
        for i, agency in enumerate(case.agencies):
            label = (agency_labels or {}).get(agency.id, "the agency")
            vocab.known_words.update(_words(label))
            owner = Owner(
                key=f"agencies[{i}]",
                category="agency",
                label=label,
                describe=f"agency {i + 1} ({label})",
            )
            agency_owners[i] = owner
            if _is_identifying(agency.name):
                entries.append(Entry(agency.name, "name", owner))
        if _is_identifying(case.review.partnership):
            owner = Owner(
                key="review.partnership",
                category="partnership",
                label="the safeguarding partnership",
                describe="the partnership",
            )
            entries.append(Entry(case.review.partnership, "name", owner))
        taken = {e.owner.label.lower() for e in entries}  # "the local area" listed by hand
        listed = {normalise(e.text) for e in entries}
        entries.extend(_area_words(case, listed, agency_owners, taken))
    vocab.variants = merge(entries)
    return vocab


def _area_words(
    case: Case,
    listed: set[str],
    agencies: dict[int, Owner],
    taken: frozenset[str] | set[str] = frozenset(),
) -> list[Entry]:
    """Place names hidden in agencies' and the partnership's names, and their short forms.

    "Northmoor Council" and "Northmoor Hospitals" name their town: a word that starts several
    of these names (or follows "and" or "of" in one) is the area, and must not be left in
    "Northmoor ICB" or "lived in Northmoor". A word that starts only one agency's name, and
    every shorter form of that name ("Larkhollow Primary"), stands for that agency.
    """
    common = _name_words_common()
    keep = {w.lower() for w in (case.anonymise.keep if case.anonymise else [])}
    names = [(f"agency {i + 1}'s name", a.name, i) for i, a in enumerate(case.agencies)]
    names.append(("the partnership's name", case.review.partnership, -1))
    for i, member in enumerate(case.review.panel):
        if member.agency not in {a.id for a in case.agencies}:
            names.append((f"panel member {i + 1}'s agency", member.agency, -1))
    leading: dict[str, list[tuple[str, int]]] = {}
    inner: dict[str, str] = {}
    prefixes: dict[str, list[int]] = {}
    for where, name, index in names:
        tokens = re.split(r"\s+", re.split(r"[(,]", name)[0].strip())
        for n, token in enumerate(tokens):
            word = token.strip("'’")
            follows = n > 0 and tokens[n - 1].lower() in ("and", "of", "&")
            if not (n == 0 or follows) or not re.fullmatch(r"[A-Z][a-z]{2,}", word):
                continue
            if word.lower() in common or word.lower() in keep or normalise(word) in listed:
                continue
            if n == 0:
                leading.setdefault(word, []).append((where, index))
            else:
                inner.setdefault(word, where)
        if index >= 0 and tokens and tokens[0] in leading:
            for size in range(2, len(tokens) + 1):
                prefix = " ".join(tokens[:size])
                if normalise(prefix) != normalise(name):
                    prefixes.setdefault(prefix, []).append(index)
    entries: list[Entry] = []
    areas = [w for w, uses in leading.items() if len(uses) > 1 or uses[0][1] < 0 or w in inner]
    areas += [w for w in inner if w not in leading]
    # The partnership's own area first: it is "the local area"; any other stays distinct.
    home = [w for w in areas if any(index < 0 for _, index in leading.get(w, []))]
    areas = home[:1] + [w for w in areas if w not in home[:1]]
    labels = (area_label(n) for n in range(len(areas) + len(taken) + 1))
    free = [label for label in labels if label.lower() not in taken]
    for i, word in enumerate(areas):
        where = leading[word][0][0] if word in leading else inner[word]
        owner = Owner(
            key=f"area[{i}]",
            category="place",
            label=free[i],
            describe=f"place name {i + 1} (in {where})",
            area=True,
        )
        entries.append(Entry(word, "", owner))
    for word, uses in leading.items():
        if word not in areas:
            entries.append(Entry(word, "short name", agencies[uses[0][1]]))
    for prefix, users in prefixes.items():
        if len(set(users)) == 1 and normalise(prefix) not in listed:
            entries.append(Entry(prefix, "short name", agencies[users[0]]))
    return entries


_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def place_label(label: str, used: dict[str, int]) -> str:
    """A listed place's label, told apart from an earlier place given the same one.

    Two schools both labelled "the primary school" would become one school in the story: the
    second is "a second primary school", the third "a third primary school".
    """
    key = label.strip().lower()
    used[key] = used.get(key, 0) + 1
    if used[key] == 1:
        return label
    bare = re.sub(r"^(?:the|a|an)\s+", "", label.strip(), flags=re.IGNORECASE)
    return f"a {_ORDINALS[min(used[key] - 2, len(_ORDINALS) - 1)]} {bare}"


def area_label(index: int) -> str:
    """What replaces the n-th area named in agencies' names: distinct areas stay distinct.

    Two local authorities both told as "the local area" would lose a cross-boundary finding.
    """
    if index == 0:
        return "the local area"
    if index == 1:
        return "a neighbouring area"
    return f"a {_ORDINALS[min(index - 2, len(_ORDINALS) - 1)]} neighbouring area"


@cache
def _name_words_common() -> frozenset[str]:
    """Common words, and every word of the built-in agency and event type labels."""
    from reviewkit import vocabulary

    labels = [*vocabulary.agency_types().values(), *vocabulary.event_types().values()]
    extra = {w.lower() for label in labels for w in re.findall(r"[A-Za-z]+", label)}
    return common_words() | extra


def _is_identifying(name: str) -> bool:
    """True when a name holds a word that is not a common one (a place name, say)."""
    common = common_words()
    return any(w.lower() not in common for w in re.findall(r"[A-Za-z][A-Za-z'’]+", name))


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text)}
