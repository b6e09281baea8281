"""Draw a `TimelineChart` as PNG or SVG with matplotlib (imported only when a picture is drawn).

matplotlib writes both formats from one drawing, and its SVG keeps text as text (svg.fonttype
"none"), so a test can read the lanes and marks back. Every word in the picture was decided by
assembly (reviewkit/reports/timeline_chart.py); this module only lays it out. Artists carry
ids in the SVG: `lane-<agency id>` for a lane's label, `marks-<agency id>-<kind>` for its marks
and `count-<agency id>` for the counts beside binned marks.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

from reviewkit import atomic
from reviewkit.errors import UsageError
from reviewkit.figure import TimelineChart

FORMATS = {".png": "png", ".svg": "svg"}
# Colours a reader with colour blindness can tell apart (Okabe and Ito), each with its own shape
# so that a grey print still shows the type.
COLOURS = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#882255",
    "#44AA99", "#999999",
]  # fmt: skip
SHAPES = ["o", "s", "^", "D", "v", "P", "X", "p", "h", "*"]
SCOPE_OUT = "#EEEEEE"  # outside the scope period
EPISODE = "#FFE9A8"
GAP = "#C0392B"
WIDTH = 11.0  # inches, for a picture of its own
PAGE_WIDTH = 7.5  # inches, for a picture in a portrait report: Word scales it to the text
DPI = 150


def chart_format(path: Path) -> str:
    """'png' or 'svg' from the file's suffix; UsageError for any other."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise UsageError(f"--chart draws a .png or .svg file, not {Path(path).name}.")
    return fmt


def write_chart(chart: TimelineChart, path: Path, *, width: float = WIDTH) -> Path:
    """Draw the picture into `path` (its suffix says PNG or SVG), atomically."""
    atomic.write_bytes(path, draw(chart, chart_format(path), width=width))
    return path


def draw(chart: TimelineChart, fmt: str = "png", *, width: float = WIDTH) -> bytes:
    """The picture as PNG or SVG bytes, `width` inches wide."""
    # A bare Figure, not pyplot: no global backend or open windows, and savefig picks the
    # writer from the format.
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",  # text stays text: searchable, and readable by a test
            "svg.hashsalt": "reviewkit",  # the same picture gives the same file
            "font.family": "DejaVu Sans",
            "font.size": 8,
        }
    ):
        lanes = max(len(chart.lanes), 1)
        height = 1.9 + 0.3 * lanes + (0.35 if chart.note else 0)
        fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
        fig.suptitle(chart.title, x=0.01, ha="left", fontsize=10, fontweight="bold")
        ax = fig.add_subplot()
        _draw(ax, chart)
        _legend(fig, chart, width)
        out = io.BytesIO()
        fig.savefig(out, format=fmt, metadata=_metadata(fmt))
    return out.getvalue()


def _metadata(fmt: str) -> dict[str, Any]:
    # No creation date, so the same case draws the same file.
    return {"Date": None} if fmt == "svg" else {"Software": "reviewkit"}


def _draw(ax: Any, chart: TimelineChart) -> None:
    lanes = len(chart.lanes)
    start, end = chart.start.toordinal(), chart.end.toordinal()
    pad = max(3, (end - start) // 60)
    ax.set_xlim(start - pad, end + pad)
    ax.set_ylim(lanes - 0.5, -0.5)  # the first agency at the top
    if chart.note:
        ax.set_title(chart.note, loc="left", fontsize=7, color="#333333", pad=12)

    for i in range(0, lanes, 2):  # banded lanes guide the eye along a row
        ax.axhspan(i - 0.5, i + 0.5, color="#F7F9FC", zorder=0, lw=0)
    if chart.scope is not None:
        for a, b in (
            (start - pad, chart.scope.start.toordinal()),
            (chart.scope.end.toordinal(), end + pad),
        ):
            if b > a:
                ax.axvspan(a, b, color=SCOPE_OUT, zorder=0.5, lw=0)
    for i, period in enumerate(chart.episodes):
        a, b = period.start.toordinal(), period.end.toordinal() + 1
        ax.axvspan(a, b, color=EPISODE, alpha=0.5, zorder=0.6, lw=0)
        # Every other label a line higher, so short episodes side by side stay legible.
        ax.text(
            (a + b) / 2,
            1.005 + 0.04 * (i % 2) * 6 / max(len(chart.lanes), 6),
            period.label,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=6.5,
            color="#7A5B00",
        )
    for period in chart.gaps:
        a, b = period.start.toordinal(), period.end.toordinal()
        ax.axvspan(
            a, b, facecolor="none", edgecolor=GAP, hatch="///", alpha=0.5, lw=0.6, zorder=0.7
        )
        # Upright inside the picture: gaps near each other do not write over each other.
        ax.text(
            b,
            0.99,
            period.label,
            transform=ax.get_xaxis_transform(),
            rotation=90,
            ha="left",
            va="top",
            fontsize=6,
            color=GAP,
            zorder=5,
        )

    _marks(ax, chart)

    ax.set_yticks(range(lanes), [lane.label for lane in chart.lanes])
    for label, lane in zip(ax.get_yticklabels(), chart.lanes, strict=True):
        label.set_gid(f"lane-{lane.key}")
    ticks = chart.ticks
    ax.set_xticks(
        [t.day.toordinal() for t in ticks],
        [f"{t.date}\n{t.age}" if t.age else t.date for t in ticks],
    )
    if chart.age_label:
        ax.set_xlabel(f"Date, and {chart.age_label[0].lower()}{chart.age_label[1:]}", fontsize=7)
    ax.tick_params(axis="both", length=2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _marks(ax: Any, chart: TimelineChart) -> None:
    grouped: dict[tuple[int, int, bool], list[Any]] = {}
    for mark in chart.marks:
        grouped.setdefault((mark.lane, mark.kind, mark.background), []).append(mark)
    counted: dict[int, list[Any]] = {}
    for (lane, kind, background), marks in sorted(grouped.items()):
        sizes = [30 + 16 * math.sqrt(m.count - 1) for m in marks]
        collection = ax.scatter(
            [m.day.toordinal() for m in marks],
            [lane] * len(marks),
            s=sizes,
            marker=SHAPES[kind % len(SHAPES)],
            c=COLOURS[kind % len(COLOURS)],
            alpha=0.45 if background else 0.9,
            linewidths=0.3,
            edgecolors="white",
            zorder=3,
        )
        key = chart.lanes[lane].key
        collection.set_gid(f"marks-{key}-{kind}{'-background' if background else ''}")
        counted.setdefault(lane, []).extend(m for m in marks if m.count > 1)
    if not chart.bins:
        return
    for lane, marks in counted.items():
        for mark in marks:
            text = ax.text(
                mark.day.toordinal(),
                lane - 0.18,
                str(mark.count),
                ha="center",
                va="bottom",
                fontsize=5,
                color="#333333",
                zorder=4,
            )
            text.set_gid(f"count-{chart.lanes[lane].key}")
            # Thousands of counts inside the axes need not be measured for the layout.
            text.set_in_layout(False)


def _legend(fig: Any, chart: TimelineChart, width: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Line2D(
            [],
            [],
            ls="",
            marker=SHAPES[i % len(SHAPES)],
            color=COLOURS[i % len(COLOURS)],
            label=label,
        )
        for i, label in enumerate(chart.kinds)
    ]
    if chart.scope is not None:
        handles.append(Patch(color=SCOPE_OUT, label="Outside the scope period"))
    if chart.episodes:
        handles.append(Patch(color=EPISODE, label="Key practice episode"))
    if chart.gaps:
        handles.append(
            Patch(facecolor="none", edgecolor=GAP, hatch="///", label="Longest gaps in contact")
        )
    fig.legend(
        handles=handles,
        loc="outside lower center",
        # About 1.8 inches a column, so the legend never runs off a narrower picture.
        ncol=min(len(handles), max(2, int(width // 1.8))),
        fontsize=7,
        frameon=False,
    )
