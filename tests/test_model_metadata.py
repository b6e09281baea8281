"""What the model says about its fields beyond their types, and the lists derived from it."""

from __future__ import annotations

from reviewkit.authoring.evidence import FIELD_LABELS
from reviewkit.authoring.questions import FIELDS
from reviewkit.model import (
    Case,
    Episode,
    NarrativePeriod,
    Person,
    Theme,
    analysis_fields,
    field_paths,
)
from reviewkit.reports import episodes


def test_analysis_fields_in_the_models_order_with_their_words() -> None:
    episode = analysis_fields(Episode)
    assert [f.name for f in episode] == [
        "what_happened",
        "known",
        "helped_hindered",
        "good_practice",
        "learning",
    ]
    assert [f.name for f in analysis_fields(Theme)] == [
        "analysis",
        "good_practice",
        "learning",
        "further_consideration",
    ]
    assert [f.name for f in analysis_fields(Case)] == ["conclusions"]
    known = episode[1]
    assert (known.label, known.what, known.lead) == (
        "Known and knowable",
        "what was known and knowable at the time",
        "What was known and knowable at the time.",
    )


def test_every_text_field_of_an_episode_or_theme_is_analysis() -> None:
    # A new field must say how it is asked for and printed, or be listed here as not analysis.
    structure = {
        Episode: {
            "id",
            "number",
            "title",
            "period",
            "told",
            "events",
            "child",
            "strand",
            "questions",
        },
        NarrativePeriod: {"id", "title", "period"},
        # A thematic review's comparison with earlier reviews: asked for only there.
        Theme: {"id", "title", "episodes", "changed", "persists"},
    }
    for model, others in structure.items():
        assert set(model.model_fields) - others == {f.name for f in analysis_fields(model)}


def test_every_list_of_analysis_fields_is_the_models() -> None:
    assert FIELDS["episode"] == tuple(f.name for f in analysis_fields(Episode))
    assert FIELDS["theme"] == tuple(f.name for f in analysis_fields(Theme))
    assert FIELDS["conclusions"] == ("conclusions",)
    assert FIELD_LABELS["helped_hindered"] == "Helped or hindered"
    # The report prints the factual account as prose before the numbered analysis.
    assert [name for name, _, _ in episodes.EPISODE_FIELDS] == [
        name for name in FIELDS["episode"] if name != episodes.ACCOUNT
    ]
    assert [name for name, _, _ in episodes.THEME_FIELDS] == list(FIELDS["theme"])
    assert {"helped_hindered", "analysis"} == episodes.QUOTES_AFTER


def test_narrative_and_lived_experience_are_analysis_fields() -> None:
    assert [f.name for f in analysis_fields(NarrativePeriod)] == ["narrative"]
    assert [f.name for f in analysis_fields(Person)] == ["daily_life", "seen_heard"]


def test_anonymiser_field_lists_come_from_the_model() -> None:
    paths = field_paths()
    # The lists the anonymiser used to keep by hand are all still there.
    assert {
        ("review", "dates", "incident"),
        ("review", "scope", "from"),
        ("review", "scope", "to"),
        ("events", "*", "date"),
        ("interviews", "*", "date"),
        ("episodes", "*", "period"),
        ("agency_returns", "*", "received"),
    } <= paths.dates
    assert {
        ("people", "*", "id"),
        ("people", "*", "relationships", "*", "person"),
        ("agencies", "*", "id"),
        ("events", "*", "id"),
        ("events", "*", "agency"),
        ("events", "*", "people", "*"),
        ("events", "*", "episodes", "*"),
        ("events", "*", "themes", "*"),
        ("interviews", "*", "id"),
        ("interviews", "*", "person"),
        ("interviews", "*", "agency"),
        ("interviews", "*", "quotes", "*", "themes", "*"),
        ("interviews", "*", "quotes", "*", "episodes", "*"),
        ("episodes", "*", "id"),
        ("episodes", "*", "events", "*"),
        ("themes", "*", "id"),
        ("themes", "*", "episodes", "*"),
        ("recommendations", "*", "id"),
        ("recommendations", "*", "themes", "*"),
        ("agency_returns", "*", "agency"),
        ("vocabulary", "*", "*"),
        # found now that the list is derived: a merged event's other agencies
        ("events", "*", "provenance", "*", "agency"),
    } <= paths.identifiers
    assert paths.dropped == {
        ("people", "*", "real_name"): "real name",
        ("people", "*", "aliases"): "aliases",
        ("review", "authors"): "authors' names",
        ("agencies", "*", "area"): "agency's area",
        ("imports",): "import records",
        # the same fields inside a national or thematic review's strands
        ("strands", "*", "people", "*", "real_name"): "real name",
        ("strands", "*", "people", "*", "aliases"): "aliases",
        ("strands", "*", "agencies", "*", "area"): "agency's area",
        ("agency_returns", "*", "author_name"): "return author's name",
        ("rapid_review", "sign_off", "*", "name"): "signatory's name",
    }
    assert not paths.dates & paths.identifiers
