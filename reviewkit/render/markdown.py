"""Render a `Document` as Markdown that reads well on GitHub and converts cleanly with pandoc.

Choices, for both readers: numbered paragraphs start with the number in bold ("**5.3**");
the contents links to GitHub-style heading anchors (pandoc resolves them when reading with
`-f markdown+gfm_auto_identifiers` or `-f gfm`); tables are pipe tables; hard line breaks
are a trailing backslash; the child's words are an italic block quote under a label; text
from the case file is escaped so that it never turns into markup, and web addresses become
autolinks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewkit.document import (
    Block,
    BulletList,
    Cover,
    Definitions,
    Document,
    Paragraph,
    Placeholder,
    Quote,
    Section,
    Table,
)

_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")
# Characters that start markup somewhere in CommonMark or pandoc's Markdown (pandoc adds
# ~ ^ for sub/superscript, $ for maths, @ for citations and | for line blocks).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~^$@#])")
_LIST_START = re.compile(r"^(\d+)([.)])(\s)")


def escape(text: str) -> str:
    """Plain text as Markdown that shows exactly that text; web addresses become autolinks."""
    text = " ".join(text.split())
    out = []
    last = 0
    for match in _URL.finditer(text):
        out.append(_escape_plain(text[last : match.start()]))
        out.append(f"<{match.group(0)}>")
        last = match.end()
    out.append(_escape_plain(text[last:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _escape_start(text: str) -> str:
    """Escape a paragraph that would otherwise start a list, quote or heading."""
    text = escape(text)
    text = _LIST_START.sub(r"\1\\\2\3", text)
    if text[:2] in ("- ", "+ "):
        text = "\\" + text
    return text


def render(doc: Document) -> str:
    """The whole document as Markdown text, ending with one newline."""
    parts = [*_cover(doc.cover)]
    if doc.contents:
        parts.extend(_contents(doc))
    for section in doc.sections:
        parts.extend(_section(section))
    if doc.cover.marking:
        parts.extend(["---", f"**{escape(doc.cover.marking)}**"])
    return "\n\n".join(parts) + "\n"


def _cover(cover: Cover) -> Iterator[str]:
    if cover.marking:
        yield f"**{escape(cover.marking)}**"
    yield f"# {escape(cover.title)}"
    if cover.subtitle:
        yield f"**{escape(cover.subtitle)}**"
    fields = [
        ("Child" if len(cover.children) == 1 else "Children", ", ".join(cover.children)),
        ("Partnership", cover.partnership),
        ("Author" if len(cover.authors) == 1 else "Authors", ", ".join(cover.authors)),
        ("Report date", cover.report_date),
        ("Publication date", cover.publication_date),
        ("Status", cover.status),
    ]
    lines = [f"**{name}:** {escape(value)}" for name, value in fields if value]
    if lines:
        yield "\\\n".join(lines)


def _contents(doc: Document) -> Iterator[str]:
    yield "## Contents"
    items = [
        f"- [{escape(section.heading)}](#{section.anchor or _anchor(section.heading)})"
        for section in doc.sections
    ]
    yield "\n".join(items)


def _anchor(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _section(section: Section) -> Iterator[str]:
    yield f"{'#' * (section.level + 1)} {escape(section.heading)}"
    for block in section.blocks:
        yield _block(block)
    for sub in section.sections:
        yield from _section(sub)


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Quote):
        return _quote(block)
    if isinstance(block, BulletList):
        return _list(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Placeholder):
        return _placeholder(block)
    if isinstance(block, Definitions):
        return _table(Table(header=["Term", "Meaning"], rows=[list(i) for i in block.items]))
    raise TypeError(f"unknown block {type(block).__name__}")  # a bug, not a user mistake


def _paragraph(para: Paragraph) -> str:
    bits = []
    if para.number:
        bits.append(f"**{para.number}**")
    if para.lead:
        bits.append(f"**{escape(para.lead)}**")
    if bits:
        return " ".join([*bits, escape(para.text)])
    return _escape_start(para.text)


def _quote(quote: Quote) -> str:
    chunks = [c for c in quote.text.split("\n\n") if c.strip()]
    if quote.child:
        who = f"In {quote.attribution}'s words:" if quote.attribution else "In the child's words:"
        lines = [f"**{escape(who)}**", *(f"*{escape(c)}*" for c in chunks)]
    else:
        lines = [escape(c) for c in chunks]
        if quote.attribution:
            lines.append(f"— {escape(quote.attribution)}")
    return "\n>\n".join(f"> {line}" for line in lines)


def _list(items: BulletList) -> str:
    if items.numbered:
        return "\n".join(f"{i}. {escape(item)}" for i, item in enumerate(items.items, start=1))
    return "\n".join(f"- {escape(item)}" for item in items.items)


def _placeholder(block: Placeholder) -> str:
    line = f"> **{escape(block.text)}**"
    if block.where:
        line += f"\\\n> Fill in `{block.where}` in the case file."
    return line


def _table(table: Table) -> str:
    columns = len(table.header)
    widths = table.widths or _natural_widths(table)
    # pandoc takes relative column widths from the dashes when rows are long; 60 in all.
    dashes = [max(3, round(w / sum(widths) * 60)) for w in widths[:columns]]
    lines = [
        _row(table.header),
        "|" + "|".join("-" * n for n in dashes) + "|",
        *(_row([*row, *[""] * (columns - len(row))][:columns]) for row in table.rows),
    ]
    text = "\n".join(lines)
    if table.caption:
        # pandoc reads "Table: ..." after a table as its caption; GitHub shows a line of text.
        text += f"\n\nTable: {escape(table.caption)}"
    return text


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(escape(c) for c in cells) + " |"


def _natural_widths(table: Table) -> list[float]:
    longest = [len(h) for h in table.header]
    for row in table.rows:
        for i, cell in enumerate(row[: len(longest)]):
            longest[i] = max(longest[i], min(len(cell), 80))
    return [float(max(n, 3)) for n in longest]
