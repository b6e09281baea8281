"""The case's vocabulary of names, and finding them in text however they are written.

The dependable source of names is the case file itself: people's `real_name` and `aliases`,
the professionals, places and services listed under `anonymise:`, the agencies' names and the
partnership's. Each name becomes several variants (full name, first name, surname, each part
of a double-barrelled surname) and each variant is matched

- whatever its case (a variant that is also a common word, such as Will or Rose, only when it
  is capitalised, so "will" and "rose" stay as they are);
- with its parts separated by any whitespace, including line breaks, or a hyphen (a name split
  across lines, "Ashdown-Pelham" written "Ashdown Pelham");
- with a title before it (Mr, Ms, Dr ...), which goes with the name, and a possessive after it
  (Jayden's, James'), which stays.

A surname shared by several people resolves by the title's pronoun and by whose whole surname
it is; when it still fits more than one person it is replaced by a neutral label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from reviewkit.wording import capitalise

if TYPE_CHECKING:
    from reviewkit.dates import FuzzyDate
    from reviewkit.model import Case

SEPARATOR = r"[\s\-\u2010\u2011\u2013\u2014]+"
APOSTROPHES = "'\u2019\u2018"
PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "al", "el", "bin"}
TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master|Mister|Mrs|Prof)"
TITLE_PRONOUNS = {"mr": "he", "mister": "he", "master": "he", "mrs": "she", "ms": "she"}
TITLE_PRONOUNS["miss"] = "she"
FAMILY_NOUNS = r"(?:family|families|household|home|children|siblings|boys|girls|brothers|sisters)"


@cache
def common_words() -> frozenset[str]:
    """Words that are not names even when capitalised (lower case)."""
    text = resources.files("reviewkit.anonymise").joinpath("common_words.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@dataclass(frozen=True)
class Owner:
    """Whose name a variant is, and what anonymised text says instead."""

    key: str  # case-file path of the entry: "people[2]", "anonymise.places[0]"
    category: str  # person, professional, place, agency, partnership, author, pseudonym
    label: str  # the replacement: "Mother", "the health visitor", "the primary school"
    describe: str  # safe to print: never the name itself
    family: bool = False
    pronoun: str = ""  # "she", "he", "they" or ""
    adult: bool = True
    leak: bool = True  # False for pseudonyms: renaming "Baby M" is not hiding a leak
    area: bool = False  # a town or district: "Eastvale ICB" becomes "the local ICB"


@dataclass(frozen=True)
class Variant:
    """One way a name is written, and everyone whose name it can be."""

    text: str  # never printed
    form: str  # "full name", "first name", "surname", "middle name", "alias 2", "name"
    owners: tuple[Owner, ...]
    forms: tuple[str, ...]  # the form for each owner (a surname part for one, whole for another)
    caps_only: bool = False

    @property
    def shared(self) -> bool:
        """True when the variant is the name of more than one entry."""
        return len(self.owners) > 1


@dataclass(frozen=True)
class NameHit:
    """A name found in a text."""

    start: int
    end: int
    variant: Variant
    candidates: tuple[Owner, ...]  # whose name it can be here; one, unless it is shared
    form: str
    title: str = ""
    the: str = ""  # a "the" before the name, consumed with it
    possessive: str = ""
    plural: bool = False  # "the Hales"

    @property
    def owner(self) -> Owner | None:
        """The one entry this name belongs to; None when a shared name fits several."""
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def leak(self) -> bool:
        """True when finding this name in an output means something identifying escaped."""
        return any(o.leak for o in self.candidates)

    @property
    def term(self) -> str:
        """The key this hit is counted under in reports."""
        if self.owner is not None:
            return f"{self.owner.key}#{self.form}"
        return "shared#" + "+".join(o.key for o in self.candidates) + f"#{self.form}"

    @property
    def describe(self) -> str:
        """What was found, safe to print: 'Mother: first name'."""
        if self.owner is not None:
            return f"{self.owner.describe}: {self.form}" if self.form else self.owner.describe
        names = [o.describe for o in self.candidates]
        return f"{self.form} shared by {' and '.join(names)}"


def normalise(text: str) -> str:
    """A name's comparison key: case-folded, without dots, spaces or hyphens between parts."""
    for mark in APOSTROPHES[1:]:
        text = text.replace(mark, "'")
    return re.sub(SEPARATOR + "|\\.", "", text.casefold())


ABBREVIATIONS = {"st", "dr", "rd", "mt", "ave", "jr", "snr", "jnr"}


def _token_pattern(token: str, *, last: bool) -> str:
    out = []
    for char in token.rstrip("."):
        out.append(f"[{APOSTROPHES}]" if char in APOSTROPHES else re.escape(char))
    # "St Mary's" may be written "St. Mary's" and "R. Pelham" "R Pelham"; a final dot is
    # left alone, since it usually ends the sentence.
    dotted = token.endswith(".") or token.rstrip(".").lower() in ABBREVIATIONS
    return "".join(out) + (r"\.?" if dotted and not last else "")


def variant_pattern(text: str, *, caps_only: bool = False) -> str:
    """A regex for a name with any whitespace (line breaks too) or hyphens between its parts."""
    tokens = [t for t in re.split(SEPARATOR, text.strip()) if t]
    if caps_only:
        forms = {
            " ".join(capitalise(t) for t in tokens),
            " ".join(t.upper() for t in tokens),
        }
        return "(?:" + "|".join(_join_tokens(f.split(" ")) for f in sorted(forms)) + ")"
    return "(?i:" + _join_tokens(tokens) + ")"


def _join_tokens(tokens: list[str]) -> str:
    parts = []
    for i, token in enumerate(tokens):
        if i:
            # After an initial ("R.") the space may be missing altogether.
            parts.append(r"[\s\-]*" if tokens[i - 1].endswith(".") else SEPARATOR)
        parts.append(_token_pattern(token, last=i == len(tokens) - 1))
    return "".join(parts)


def split_name(name: str) -> tuple[str, list[str], str]:
    """First name, middle names and surname (with particles such as 'van der')."""
    tokens = name.split()
    if len(tokens) < 2:
        return (tokens[0] if tokens else ""), [], ""
    cut = len(tokens) - 1
    while cut > 1 and tokens[cut - 1].lower() in PARTICLES:
        cut -= 1
    return tokens[0], tokens[1:cut], " ".join(tokens[cut:])


def _usable(part: str) -> bool:
    # Initials and one-letter parts would match everywhere.
    return sum(c.isalpha() for c in part) >= 2


def person_variants(real_name: str) -> list[tuple[str, str]]:
    """(text, form) for every way a person's real name can be written."""
    first, middles, surname = split_name(real_name.strip())
    found: list[tuple[str, str]] = [(real_name.strip(), "full name")]
    if not surname:
        return found
    if middles:
        found.append((f"{first} {surname}", "first name and surname"))
    found.append((first, "first name"))
    found.extend((m, "middle name") for m in middles)
    found.append((surname, "surname"))
    parts = re.split(r"[\-\u2010\u2011\u2013\u2014]", surname)
    if len(parts) > 1:
        found.extend((p, "part of surname") for p in parts)
    return [(text, form) for text, form in found if _usable(text)]


@dataclass
class Vocabulary:
    """Every name a case holds, ready to find in text."""

    variants: list[Variant] = field(default_factory=list)
    births: list[tuple[FuzzyDate, Owner]] = field(default_factory=list)
    known_words: set[str] = field(default_factory=set)  # labels and such: not review material
    _regex: re.Pattern[str] | None = field(default=None, repr=False)
    _by_key: dict[str, Variant] = field(default_factory=dict, repr=False)

    @property
    def has_names(self) -> bool:
        """True when there is at least one real name (not only pseudonyms) to look for."""
        return any(o.leak for v in self.variants for o in v.owners)

    def owners(self) -> list[Owner]:
        """Every entry with a name, once, in case order."""
        seen: dict[str, Owner] = {}
        for variant in self.variants:
            for owner in variant.owners:
                seen.setdefault(owner.key, owner)
        return list(seen.values())

    def regex(self) -> re.Pattern[str] | None:
        """One pattern for every variant, longest first so a full name wins over its parts."""
        if self._regex is None and self.variants:
            ordered = sorted(
                self.variants, key=lambda v: (-len(re.split(SEPARATOR, v.text)), -len(v.text))
            )
            alternatives = "|".join(variant_pattern(v.text, caps_only=v.caps_only) for v in ordered)
            self._regex = re.compile(
                rf"(?<!\w)(?P<the>(?i:the|an|a)\s+)?(?P<title>{TITLES}\.?\s+)?"
                r"(?P<initials>(?:[A-Z]\.\s*){1,3})?"
                rf"(?P<name>{alternatives})"
                rf"(?P<poss>[{APOSTROPHES}]s(?!\w)|(?<=[sS])[{APOSTROPHES}](?=[ \t]+[a-z])"
                r"|(?P<plural>(?<=[a-z])e?s(?!\w)))?"
                r"(?!\w)"
            )
            self._by_key = {normalise(v.text): v for v in self.variants}
        return self._regex

    def find(self, text: str) -> list[NameHit]:
        """Every name in `text`, in order, without overlaps."""
        regex = self.regex()
        if regex is None:
            return []
        hits = []
        for m in regex.finditer(text):
            variant = self._by_key[normalise(m["name"])]
            title = (m["title"] or "").strip()
            candidates, form = _resolve(variant, title)
            start = m.start("title") if m["title"] else m.start("initials")
            if start < 0:
                start = m.start("name")
            the = m["the"] or ""
            if the:
                start = m.start("the")
            possessive = m["poss"] or ""
            if possessive and possessive[0] in APOSTROPHES and _closes_quote(text, m.start("poss")):
                possessive = ""  # "... 'Daddy James' when asked": a closing quote
            plural = bool(m["plural"])
            if plural:
                possessive = ""
            end = m.end() if possessive or plural else m.end("name")
            hits.append(
                NameHit(
                    start=start,
                    end=end,
                    variant=variant,
                    candidates=candidates,
                    form=form,
                    title=title,
                    the=the,
                    possessive=possessive,
                    plural=plural,
                )
            )
        return hits


def _closes_quote(text: str, index: int) -> bool:
    """True when an apostrophe at `index` closes a quotation opened earlier on its line."""
    line = text[text.rfind("\n", 0, index) + 1 : index]
    opened = len(re.findall(r"(?:^|(?<=[\s(\[]))['\u2018]", line))
    closed = len(re.findall(r"(?<=\w)['\u2019](?=[\s.,;:!?)]|$)", line))
    return opened > closed


def _resolve(variant: Variant, title: str) -> tuple[tuple[Owner, ...], str]:
    """Whose a (possibly shared) name can be here, narrowed as far as it can be told."""
    pairs = list(zip(variant.owners, variant.forms, strict=True))
    if len(pairs) > 1:
        # A whole surname beats a part of a double-barrelled one; a first name beats both.
        rank = {"full": 0, "alias": 0, "name": 0, "first": 1, "surname": 2}
        best = min(rank.get(form.split(" ")[0], 3) for _, form in pairs)
        pairs = [(o, f) for o, f in pairs if rank.get(f.split(" ")[0], 3) == best]
    if len(pairs) > 1 and title:
        wanted = TITLE_PRONOUNS.get(title.rstrip(".").lower())
        adults = [(o, f) for o, f in pairs if o.adult]
        pairs = adults or pairs
        if wanted:
            matching = [(o, f) for o, f in pairs if o.pronoun == wanted]
            pairs = matching or pairs
    return tuple(o for o, _ in pairs), pairs[0][1]


def shared_label(owners: Iterable[Owner]) -> str:
    """What a name shared by several entries becomes."""
    owners = list(owners)
    if all(o.family for o in owners):
        return "a family member"
    if all(o.category == "professional" for o in owners):
        return "a professional"
    return "someone involved"


# --- building the vocabulary ---------------------------------------------------------------------


@dataclass
class _Entry:
    text: str
    form: str
    owner: Owner


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
    entries: list[_Entry] = []
    vocab = Vocabulary()
    subjects = {p.id for p in case.subjects}
    for i, person in enumerate(case.people):
        label = labels.get(person.id, person.name)
        pronoun = (person.pronouns or "").split("/")[0].strip().lower()
        owner = Owner(
            key=f"people[{i}]",
            category="professional" if person.role == "professional" else "person",
            label=label,
            describe=label,
            family=person.role != "professional",
            pronoun=pronoun,
            adult=person.role != "child" and person.id not in subjects,
        )
        if person.real_name:
            entries.extend(_Entry(t, f, owner) for t, f in person_variants(person.real_name))
        for j, alias in enumerate(person.aliases):
            if _usable(alias):
                entries.append(_Entry(alias, f"alias {j + 1}", owner))
        # An anonymised case's dates of birth are on its moved calendar: not real ones.
        if person.dob is not None and person.dob.precision == "day" and not anonymised:
            vocab.births.append((person.dob, owner))
        if label != person.name and _usable(person.name):
            pseudo = Owner(
                key=f"people[{i}]",
                category="pseudonym",
                label=label,
                describe=label,
                family=owner.family,
                leak=False,
            )
            entries.append(_Entry(person.name, "former name used", pseudo))
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
            entries.extend(_Entry(t, f, owner) for t, f in person_variants(prof.name))
            entries.extend(_aliases(prof.aliases, owner))
            vocab.known_words.update(_words(prof.role))
        for i, place in enumerate(settings.places):
            owner = Owner(
                key=f"anonymise.places[{i}]",
                category="place",
                label=place.label,
                describe=f"place {i + 1} ({place.kind}: {place.label})",
                area=place.kind == "area",
            )
            entries.append(_Entry(place.name, "name", owner))
            entries.extend(
                _Entry(a, f"alias {j + 1}", owner)
                for j, a in enumerate(place.aliases)
                if _usable(a)
            )
            vocab.known_words.update(_words(place.label))
        vocab.known_words.update(w.lower() for w in settings.keep)
    for i, author in enumerate(case.review.authors):
        owner = Owner(
            key=f"review.authors[{i}]",
            category="professional",
            label="the independent reviewer",
            describe=f"author {i + 1}",
        )
        entries.extend(_Entry(t, f, owner) for t, f in person_variants(author.name))
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
                entries.append(_Entry(agency.name, "name", owner))
        if _is_identifying(case.review.partnership):
            owner = Owner(
                key="review.partnership",
                category="partnership",
                label="the safeguarding partnership",
                describe="the partnership",
            )
            entries.append(_Entry(case.review.partnership, "name", owner))
        entries.extend(_area_words(case, {normalise(e.text) for e in entries}, agency_owners))
    vocab.variants = _merge(entries)
    return vocab


def _area_words(case: Case, listed: set[str], agencies: dict[int, Owner]) -> list[_Entry]:
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
    entries: list[_Entry] = []
    areas = [w for w, uses in leading.items() if len(uses) > 1 or uses[0][1] < 0 or w in inner]
    areas += [w for w in inner if w not in leading]
    for i, word in enumerate(areas):
        where = leading[word][0][0] if word in leading else inner[word]
        owner = Owner(
            key=f"area[{i}]",
            category="place",
            label="the local area",
            describe=f"place name {i + 1} (in {where})",
            area=True,
        )
        entries.append(_Entry(word, "", owner))
    for word, uses in leading.items():
        if word not in areas:
            entries.append(_Entry(word, "short name", agencies[uses[0][1]]))
    for prefix, users in prefixes.items():
        if len(set(users)) == 1 and normalise(prefix) not in listed:
            entries.append(_Entry(prefix, "short name", agencies[users[0]]))
    return entries


@cache
def _name_words_common() -> frozenset[str]:
    """Common words, and every word of the built-in agency and event type labels."""
    from reviewkit import vocabulary

    labels = [*vocabulary.agency_types().values(), *vocabulary.event_types().values()]
    extra = {w.lower() for label in labels for w in re.findall(r"[A-Za-z]+", label)}
    return common_words() | extra


def _aliases(aliases: list[str], owner: Owner) -> list[_Entry]:
    return [_Entry(a, f"alias {j + 1}", owner) for j, a in enumerate(aliases) if _usable(a)]


def _is_identifying(name: str) -> bool:
    """True when a name holds a word that is not a common one (a place name, say)."""
    common = common_words()
    return any(w.lower() not in common for w in re.findall(r"[A-Za-z][A-Za-z'’]+", name))


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text)}


def _merge(entries: list[_Entry]) -> list[Variant]:
    """One Variant per distinct way of writing, with every entry it can name."""
    grouped: dict[str, list[_Entry]] = {}
    for entry in entries:
        grouped.setdefault(normalise(entry.text), []).append(entry)
    common = common_words()
    variants = []
    for group in grouped.values():
        owners: list[Owner] = []
        forms: list[str] = []
        for entry in group:
            if any(o.key == entry.owner.key and o.leak == entry.owner.leak for o in owners):
                continue
            owners.append(entry.owner)
            forms.append(entry.form)
        # A real name wins over a pseudonym written the same way.
        if any(o.leak for o in owners):
            keep = [i for i, o in enumerate(owners) if o.leak]
            owners = [owners[i] for i in keep]
            forms = [forms[i] for i in keep]
        text = group[0].text
        tokens = [t.lower().strip(".'’") for t in re.split(SEPARATOR, text) if t]
        caps_only = all(t in common for t in tokens) or any(
            o.category == "pseudonym" for o in owners
        )
        variants.append(
            Variant(
                text=text,
                form=forms[0],
                owners=tuple(owners),
                forms=tuple(forms),
                caps_only=caps_only,
            )
        )
    return variants
