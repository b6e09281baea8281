"""Real names, and finding them in text however they are written: the one name matcher.

A name becomes several variants (full name, first name, surname, each part of a
double-barrelled surname, each alias) and each variant is matched

- whatever its case (a variant that is also a common word, such as Will or Rose, only when it
  is capitalised, so "will" and "rose" stay as they are);
- with its parts separated by any whitespace, including line breaks, or a hyphen (a name split
  across lines, "Ashdown-Pelham" written "Ashdown Pelham");
- with a title before it (Mr, Ms, Dr ...), which goes with the name, and a possessive after it
  (Jayden's, James'), which stays;
- touching an underscore or a digit ("WRI_Okafor_chronology", "Okafor2"), with or without its
  accents ("Zoe" for "Zoë" and the other way round), and Mc for Mac ("MacAllister").

Every part of a hyphenated first name ("Jayden" of "Jayden-Lee") and of an alias ("Billy" of
"Billy Doyle") is a variant too. A name that is also a common word (Will, Rose, Mark) counts
only where it is used as a name: capitalised, not joined to a lower-case word ("Rose-tinted"),
and as a sentence's first word only when the next word shows a person ("Will said ...", "Grace
was ...", "Will Pryce", "Will, the partner"), not "Will the new ..." or "Grace period ...".

A surname shared by several people resolves by the title's pronoun and by whose whole surname
it is. The anonymiser (reviewkit/anonymise/names.py) adds professionals, places and agencies
to the people's names; the case file's own real-name checks (reviewkit/casefile/realnames.py)
use the people's names alone.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from reviewkit.wording import capitalise

if TYPE_CHECKING:
    from reviewkit.dates import FuzzyDate
    from reviewkit.model import Case, Person

SEPARATOR = r"[\s\-\u2010\u2011\u2013\u2014]+"
APOSTROPHES = "'\u2019\u2018"
PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "al", "el", "bin"}
TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master|Mister|Mrs|Prof)"
_TITLE_FIRSTS = "".join(sorted({title[0] for title in TITLES[3:-1].split("|")}))
TITLE_PRONOUNS = {"mr": "he", "mister": "he", "master": "he", "mrs": "she", "ms": "she"}
TITLE_PRONOUNS["miss"] = "she"
FAMILY_NOUNS = r"(?:family|families|household|home|children|siblings|boys|girls|brothers|sisters)"


@cache
def common_words() -> frozenset[str]:
    """Words that are not names even when capitalised (lower case)."""
    text = resources.files("reviewkit.data").joinpath("common_words.txt").read_text("utf-8")
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
    def label(self) -> str:
        """What this name stands for: its owner's label, or a neutral one for a shared name."""
        return self.owner.label if self.owner is not None else shared_label(self.candidates)

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


# Letters NFKD does not take apart, and what they are written as without their accent.
_UNACCENTED = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """`text` without accents: "Zoë Ó Briain" -> "Zoe O Briain"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNACCENTED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _accented() -> dict[str, str]:
    """Each plain letter and the accented letters that are written as it without accents."""
    found: dict[str, str] = {}
    for point in range(0xC0, 0x250):
        char = chr(point)
        base = fold(char)
        if len(base) == 1 and base.isascii() and base.isalpha() and base != char:
            found[base] = found.get(base, "") + char
    return found


@lru_cache(maxsize=8192)  # a case writes the same few names thousands of times
def normalise(text: str) -> str:
    """A name's comparison key: case-folded, unaccented, without dots, spaces or hyphens."""
    for mark in APOSTROPHES[1:]:
        text = text.replace(mark, "'")
    key = re.sub(SEPARATOR + "|\\.", "", fold(text).casefold())
    # "MacAllister" and "McAllister" are one name written two ways.
    return re.sub(r"(?<![a-z])mac(?=[a-z])", "mc", key)


ABBREVIATIONS = {"st", "dr", "rd", "mt", "ave", "jr", "snr", "jnr"}


def _token_pattern(token: str, *, last: bool) -> str:
    out = []
    bare = token.rstrip(".")
    mac = re.match(r"Ma?c(?=[A-Z])", bare)
    if mac:
        out.append(r"Ma?c[ \t]?")
        bare = bare[mac.end() :]
    out.extend(map(_char_pattern, bare))
    # "St Mary's" may be written "St. Mary's" and "R. Pelham" "R Pelham"; a final dot is
    # left alone, since it usually ends the sentence.
    dotted = token.endswith(".") or token.rstrip(".").lower() in ABBREVIATIONS
    return "".join(out) + (r"\.?" if dotted and not last else "")


def _char_pattern(char: str) -> str:
    """One character of a name: any apostrophe, or the letter with or without accents."""
    if char in APOSTROPHES:
        return f"[{APOSTROPHES}]"
    base = fold(char)
    accented = _accented()
    if len(base) == 1 and base in accented:
        return f"[{re.escape(base + accented[base])}]"
    return re.escape(char)


def _branches(text: str, *, caps_only: bool = False) -> list[str]:
    """`variant_pattern` as alternatives that each start with a character (class) written
    case by case, for a pattern of many names.

    The regex engine skips at once an alternative that starts so, where its first letter
    is not there; one that starts inside `(?i:...)` is entered, at a cost, at every word
    start. A case-blind name starts with a class of the characters it may start with,
    both cases (and every non-ASCII one), then checks its first letter again, case-blind
    (a lookbehind): it matches exactly what `variant_pattern` matches.
    """
    tokens = _tokens(text)
    if caps_only:
        return [_join_tokens(f.split(" ")) for f in _caps_forms(tokens)]
    whole = _join_tokens(tokens)
    bare = tokens[0].rstrip(".") if tokens else ""
    first = "M" if re.match(r"Ma?c(?=[A-Z])", bare) else _char_pattern(bare[:1]) if bare else ""
    if not first or not whole.startswith(first):
        return [f"(?i:{whole})"]
    blind = re.compile(f"(?i:{first})")
    firsts = _or_not_ascii(c for c in map(chr, range(128)) if blind.fullmatch(c))
    return [f"{firsts}(?<={blind.pattern})(?i:{whole[len(first) :]})"]


def _or_not_ascii(chars: Iterable[str]) -> str:
    """A character class of these ASCII characters and every character beyond ASCII.

    Written as the ASCII characters it does not hold, negated: a class with a range up to
    the last code point costs the regex compiler a pass over 65,000 characters each time.
    """
    wanted = set(chars)
    left_out = [code for code in range(128) if chr(code) not in wanted]
    ranges = []
    for _, run in itertools.groupby(enumerate(left_out), lambda pair: pair[1] - pair[0]):
        codes = [code for _, code in run]
        ranges.append(f"\\x{codes[0]:02x}" + (f"-\\x{codes[-1]:02x}" if len(codes) > 1 else ""))
    return f"[^{''.join(ranges)}]"


def _tokens(text: str) -> list[str]:
    """A name's parts, as written between spaces and hyphens."""
    return [t for t in re.split(SEPARATOR, text.strip()) if t]


def _caps_forms(tokens: list[str]) -> list[str]:
    """The two ways a capitals-only name is written: "Will Hale", "WILL HALE"."""
    forms = {" ".join(capitalise(t) for t in tokens), " ".join(t.upper() for t in tokens)}
    return sorted(forms)


def variant_pattern(text: str, *, caps_only: bool = False) -> str:
    """A regex for a name with any whitespace (line breaks too) or hyphens between its parts."""
    tokens = _tokens(text)
    if caps_only:
        return "(?:" + "|".join(_join_tokens(f.split(" ")) for f in _caps_forms(tokens)) + ")"
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


def usable(part: str) -> bool:
    # Initials and one-letter parts would match everywhere.
    return sum(c.isalpha() for c in part) >= 2


def person_variants(real_name: str) -> list[tuple[str, str]]:
    """(text, form) for every way a person's real name can be written."""
    first, middles, surname = split_name(real_name.strip())
    found: list[tuple[str, str]] = [(real_name.strip(), "full name")]
    if not surname:
        found.extend((p, "part of name") for p in _hyphen_parts(first))
        return [(text, form) for text, form in found if usable(text)]
    if middles:
        found.append((f"{first} {surname}", "first name and surname"))
    found.append((first, "first name"))
    found.extend((p, "part of first name") for p in _hyphen_parts(first))
    found.extend((m, "middle name") for m in middles)
    found.extend((p, "part of middle name") for m in middles for p in _hyphen_parts(m))
    found.append((surname, "surname"))
    found.extend((p, "part of surname") for p in _hyphen_parts(surname))
    return [(text, form) for text, form in found if usable(text)]


def _hyphen_parts(name: str) -> list[str]:
    """The parts of a hyphenated name ("Jayden-Lee" -> Jayden, Lee); none for a plain one."""
    parts = [p for p in re.split(r"[\-\u2010\u2011\u2013\u2014]", name) if p]
    return parts if len(parts) > 1 else []


def _first_letters(variants: list[Variant]) -> str:
    """A lookahead for the letters a match can start with: most word starts fail on it at once.

    A match starts with "the", "an" or "a", a title, an initial (a capital) or a name: so a
    capital, a non-ASCII letter (accents, and what matches without case), "t", "a" or a
    name's first letter. It only skips places where the whole pattern would fail, so what is
    found is unchanged. Where a name starts with anything else there is no lookahead.
    """
    firsts = {fold(v.text.strip()[:1]).lower() for v in variants}
    if not all(len(f) == 1 and "a" <= f <= "z" for f in firsts):
        return ""
    return f"(?={_or_not_ascii(string.ascii_uppercase + ''.join(firsts | {'t', 'a'}))})"


@dataclass
class Vocabulary:
    """Every name a case holds, ready to find in text."""

    variants: list[Variant] = field(default_factory=list)
    births: list[tuple[FuzzyDate, Owner]] = field(default_factory=list)
    known_words: set[str] = field(default_factory=set)  # labels and such: not review material
    _regex: re.Pattern[str] | None = field(default=None, repr=False)
    _by_key: dict[str, Variant] = field(default_factory=dict, repr=False)
    _resolved: dict[tuple[int, str], tuple[tuple[Owner, ...], str]] = field(
        default_factory=dict, repr=False
    )

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
            alternatives = "|".join(
                branch for v in ordered for branch in _branches(v.text, caps_only=v.caps_only)
            )
            self._regex = re.compile(
                # A name may touch an underscore or a digit ("WRI_Okafor_2023.xlsx"), never
                # another letter. Each optional part before the name is tried only where its
                # first letter is (a lookahead): most places start none of them. The first
                # letters are tried first, as one character class: cheaper than the look
                # behind, which asks for the Unicode category of the character before.
                rf"{_first_letters(ordered)}(?<![^\W\d_])"
                r"(?P<the>(?=[tTaA])(?i:the|an|a)\s+)?"
                rf"(?P<title>(?=[{_TITLE_FIRSTS}]){TITLES}\.?\s+)?"
                r"(?P<initials>(?=[A-Z]\.)(?:[A-Z]\.\s*){1,3})?"
                rf"(?P<name>{alternatives})"
                rf"(?P<poss>[{APOSTROPHES}]s(?!\w)|(?<=[sS])[{APOSTROPHES}](?=[ \t]+[a-z])"
                r"|(?P<plural>(?<=[a-z])e?s(?![^\W\d_])))?"
                r"(?![^\W\d_])"
            )
            self._by_key = {normalise(v.text): v for v in self.variants}
        return self._regex

    def find(self, text: str) -> list[NameHit]:
        """Every name in `text`, in order, without overlaps."""
        regex = self.regex()
        if regex is None:
            return []
        hits = []
        resolved = self._resolved
        for m in regex.finditer(text):
            the, written_title, initials, name, poss, plural_s = m.group(
                "the", "title", "initials", "name", "poss", "plural"
            )
            variant = self._variant(name)
            title = written_title.strip() if written_title else ""
            if variant.caps_only and not title and not _used_as_name(text, m):
                continue
            key = (id(variant), title)  # whose it can be depends on these alone
            found = resolved.get(key)
            if found is None:
                found = resolved[key] = _resolve(variant, title)
            candidates, form = found
            if the:
                start = m.start("the")
            elif written_title:
                start = m.start("title")
            elif initials:
                start = m.start("initials")
            else:
                start = m.start("name")
            possessive = poss or ""
            if possessive and possessive[0] in APOSTROPHES and _closes_quote(text, m.start("poss")):
                possessive = ""  # "... 'Daddy James' when asked": a closing quote
            plural = bool(plural_s)
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
                    the=the or "",
                    possessive=possessive,
                    plural=plural,
                )
            )
        return hits

    def _variant(self, written: str) -> Variant:
        """The variant a match is of (by its key, or by its pattern when keys differ)."""
        found = self._by_key.get(normalise(written))
        if found is not None:
            return found
        for variant in self.variants:  # pragma: no cover - keys are built to agree
            pattern = variant_pattern(variant.text, caps_only=variant.caps_only)
            if re.fullmatch(pattern, written):
                return variant
        raise KeyError(written)  # pragma: no cover


# Words that, after a capitalised common word opening a sentence, show it is not a name:
# "Will the new ...", "May we ...", "Grace is given ..." is left as a name.
_NOT_AFTER_NAME = frozenset(
    {
        "the",
        "a",
        "an",
        "you",
        "we",
        "they",
        "it",
        "this",
        "that",
        "these",
        "those",
        "there",
        "be",
        "not",
        "your",
        "their",
        "its",
        "my",
        "our",
        "his",
        "her",
        "them",
        "us",
        "me",
        "i",
        "he",
        "she",
        "any",
        "some",
        "all",
        "every",
        "each",
        "another",
        "no",
        "anyone",
        "anybody",
        "someone",
        "everyone",
        "nobody",
    }
)


# Words that, after a capitalised common word opening a sentence, show it is a person doing
# something: "Will said ...", "Grace was ...", "Mark never came". A regular past tense ("Will
# shouted") shows it too; any other word leaves the word as the common one ("Grace period").
_PERSON_WORDS = """
    is was has had does did says said tells told asks asked goes went comes came gets got gives
    gave takes took makes made keeps kept sees saw hears heard knows knew thinks thought feels
    felt lives left leaves leaving meets met finds found brings brought buys bought sits sat
    stands stood sleeps slept speaks spoke throws threw hits hit runs ran puts put lets let
    becomes became begins began breaks broke catches caught chooses chose falls fell fights
    fought forgets forgot holds held hides hid leads led loses lost pays paid rings rang rides
    rode sends sent shakes shook shoots shot shows sings sang strikes struck swears swore
    teaches taught tears tore understands understood wakes woke wins won wears wore writes
    wrote drives drove drinks drank eats ate wants needs likes loves hates tries calls works
    visits attends reports explains states agrees refuses denies admits believes returns moves
    would could should might must can cannot can't won't wouldn't couldn't shouldn't didn't
    doesn't isn't wasn't hasn't hadn't never always also then later now still often again
    only just and or who whom whose himself herself will shall may
"""
_PERSON_AFTER_NAME = frozenset(_PERSON_WORDS.split())


def _used_as_name(text: str, m: re.Match[str]) -> bool:
    """True when a name that is also a common word is used as a name here."""
    after = m.end("name")  # matched from here on, without copying the rest of the text
    if _HYPHENED.match(text, after):
        return False  # "Rose-tinted", "Will-power"
    if _NUMBER_AFTER.match(text, after):
        return False  # "May 2021", "June 3"
    if m["poss"] or m["the"] or not at_sentence_start(text, m.start("name")):
        return True
    # A sentence's first word has a capital anyway: only the next word shows it is a name.
    following = _NEXT_WORD.match(text, after)
    if following is None:
        return True  # "Will.", "Will, the partner", "Will (Mother's partner)"
    word = following[1].replace("\u2019", "'")
    if word[0].isupper():
        return True  # "Will Pryce", "Will Said" in a heading
    lower = word.lower()
    if lower in _NOT_AFTER_NAME:
        return False  # "Will the new ...", "May we ..."
    return lower in _PERSON_AFTER_NAME or (lower.endswith("ed") and len(lower) > 3)


_HYPHENED = re.compile(r"[\-\u2010\u2011][a-z]")
_NUMBER_AFTER = re.compile(r"[ \t]+\d")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z\u2019']+)")


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


# --- what a name becomes -----------------------------------------------------------------------


def shared_label(owners: Iterable[Owner]) -> str:
    """What a name shared by several entries becomes."""
    owners = list(owners)
    if all(o.family for o in owners):
        return "a family member"
    if all(o.category == "professional" for o in owners):
        return "a professional"
    return "someone involved"


_ARTICLES = ("the ", "a ", "an ")


def replacement(hit: NameHit, text: str) -> str:
    """What replaces a name here: its label, fitted to the words around it."""
    label = hit.label
    after = text[hit.end :]
    if (
        hit.the.strip().lower() == "the"
        and hit.form in ("surname", "part of surname")
        and not hit.possessive
        and re.match(rf"\s+{FAMILY_NOUNS}\b", after, flags=re.IGNORECASE)
    ):
        return hit.the.rstrip()  # "the Ashdown family" -> "the family"
    if hit.plural and hit.form in ("surname", "part of surname", "full name"):
        family = "the family"  # "the Hales", "The Okoro-Hales need support"
        capital = hit.the[:1].isupper() or (not hit.the and at_sentence_start(text, hit.start))
        return capitalise(family) if capital else family
    area = hit.owner is not None and hit.owner.area and not hit.possessive
    if area and re.match(r"[ \t]+[A-Z]", after):
        # A town before an organisation's name is an adjective: "Eastvale ICB" -> "the local ICB",
        # and a second area's "Westby Council" -> "a neighbouring Council", still told apart.
        label = label.removesuffix(" area") if label.endswith(" area") else "the local"
    if hit.the:
        if label.lower().startswith(_ARTICLES):
            label = capitalise(label) if hit.the[:1].isupper() else label
        else:
            label = hit.the + label
    elif at_sentence_start(text, hit.start):
        label = capitalise(label)
    if hit.possessive:
        mark = hit.possessive[0]
        label += mark if label.endswith("s") and hit.possessive == mark else mark + "s"
    return label


def at_sentence_start(text: str, index: int) -> bool:
    """True when `index` starts a sentence (or a line, or follows a colon)."""
    # Only the last few characters matter: looking further back would make a long text's
    # every capitalised word cost the whole text before it.
    start = max(0, index - LOOK_BACK)
    before = text[start:index].rstrip(" \t\"'\u201c\u2018(")
    if not before and start > 0:
        before = text[:index].rstrip(" \t\"'\u201c\u2018(")
    return not before or before[-1] in ".!?\n:"


LOOK_BACK = 200  # characters before a word that can tell whether it starts a sentence


# --- building a vocabulary -----------------------------------------------------------------------


@dataclass
class Entry:
    """One way of writing one entry's name, before variants written alike are merged."""

    text: str
    form: str
    owner: Owner


def person_owner(case: Case, index: int, label: str | None = None) -> Owner:
    """The owner of the names of `case.people[index]`; `label` replaces them (default: name)."""
    person = case.people[index]
    label = person.name if label is None else label
    pronoun = (person.pronouns or "").split("/")[0].strip().lower()
    subjects = {p.id for p in case.subjects}
    return Owner(
        key=f"people[{index}]",
        category="professional" if person.role == "professional" else "person",
        label=label,
        describe=label,
        family=person.role != "professional",
        pronoun=pronoun,
        adult=person.role != "child" and person.id not in subjects,
    )


def person_entries(person: Person, owner: Owner) -> list[Entry]:
    """Every way the person's real name and aliases can be written."""
    entries: list[Entry] = []
    if person.real_name:
        entries.extend(Entry(t, f, owner) for t, f in person_variants(person.real_name))
    return entries + alias_entries(person.aliases, owner)


def alias_entries(aliases: Iterable[str], owner: Owner) -> list[Entry]:
    """Every alias, and every part of it ("Billy" and "Doyle" of "Billy Doyle")."""
    entries: list[Entry] = []
    for j, alias in enumerate(aliases):
        if not usable(alias):
            continue
        entries.append(Entry(alias, f"alias {j + 1}", owner))
        for text, _ in person_variants(alias)[1:]:
            entries.append(Entry(text, f"part of alias {j + 1}", owner))
    return entries


def people_vocabulary(case: Case) -> Vocabulary:
    """The people's real names and aliases alone, each standing for the person's report name."""
    entries: list[Entry] = []
    for i, person in enumerate(case.people):
        entries.extend(person_entries(person, person_owner(case, i)))
    return Vocabulary(variants=merge(entries))


def merge(entries: list[Entry]) -> list[Variant]:
    """One Variant per distinct way of writing, with every entry it can name."""
    grouped: dict[str, list[Entry]] = {}
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
