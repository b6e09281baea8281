"""Render a `Document` as Markdown that reads well on GitHub and converts cleanly with pandoc.

Choices, for both readers: numbered paragraphs start with the number in bold ("**5.3**");
the contents links to GitHub-style heading anchors (pandoc resolves them when reading with
`-f markdown+gfm_auto_identifiers` or `-f gfm`); tables are pipe tables with the caption
above; hard line breaks are a trailing backslash; the child's words are an italic block
quote; every piece of text is escaped with `escape` so that it never turns into markup, and
web addresses become autolinks. The words themselves all come from the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewkit.document import (
    FOOTNOTE_MARK,
    Block,
    BulletList,
    Cover,
    Definitions,
    Document,
    Figure,
    Paragraph,
    Placeholder,
    Quote,
    Section,
    Table,
)

_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")
# Characters that start markup somewhere in CommonMark or pandoc's Markdown (pandoc adds
# ~ ^ for sub/superscript, $ for maths, @ for citations and | for line blocks). An @ inside
# a word (an e-mail address) is no citation: left as it is, the address stays readable and
# the leak scan still finds it.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~^$#]|(?<!\w)@)")
# "&amp;" and "&#38;" are character references: the & is escaped so they show as written.
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LIST_START = re.compile(r"^(\d+)([.)])(\s|$)")


def escape(text: str) -> str:
    """Plain text as Markdown that shows exactly that text; web addresses become autolinks.

    This is the one escaping function for every Markdown reviewkit writes (reports, timeline
    and deadline exports, the anonymisation report), so case-file text never turns into markup.
    """
    text = " ".join(text.split())
    if "://" not in text:  # no web address: most text (the pattern needs "http://" or "https://")
        return _escape_plain(text)
    out = []
    last = 0
    for match in _URL.finditer(text):
        out.append(_escape_plain(text[last : match.start()]))
        out.append(f"<{match.group(0)}>")
        last = match.end()
    out.append(_escape_plain(text[last:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    text = _SPECIAL.sub(r"\\\1", text)
    return _ENTITY.sub(r"\\&", text) if "&" in text else text


def escape_start(text: str) -> str:
    """`escape`, and also a line that would otherwise start a list, rule or caption."""
    text = escape(text)
    text = _LIST_START.sub(r"\1\\\2\3", text)
    # "- ", "+ ", "---", "===" (a rule or heading underline), ": " (a pandoc definition).
    if text[:1] in ("-", "+", "=", ":"):
        text = "\\" + text
    elif text.startswith("Table:"):  # pandoc would take it for a table's caption
        text = "Table\\" + text[5:]
    return text


def render(doc: Document) -> str:
    """The whole document as Markdown text, ending with one newline."""
    parts = [*_cover(doc.cover)]
    if doc.contents:
        parts.extend(_contents(doc))
    for section in doc.sections:
        parts.extend(_section(section))
    # Markdown footnotes: [^n] where cited, each note's text after the last section.
    parts.extend(f"[^{n}]: {escape(text)}" for n, text in enumerate(doc.footnotes, start=1))
    if doc.cover.marking:
        parts.extend(["---", f"**{escape(doc.cover.marking)}**"])
    return FOOTNOTE_MARK.sub(r"[^\1]", "\n\n".join(parts)) + "\n"


def _cover(cover: Cover) -> Iterator[str]:
    if cover.marking:
        yield f"**{escape(cover.marking)}**"
    if cover.partnership:
        yield f"**{escape(cover.partnership)}**"
    if cover.title:
        yield f"# {escape(cover.title)}"
    if cover.subtitle:
        yield f"**{escape(cover.subtitle)}**"
    lines = [f"**{escape(label)}:** {escape(value)}" for label, value in cover.details]
    if lines:
        yield "\\\n".join(lines)


def _contents(doc: Document) -> Iterator[str]:
    yield f"## {escape(doc.contents_title)}"
    items = [
        f"- [{escape(section.heading)}](#{section.anchor or _anchor(section.heading)})"
        for section in doc.sections
        if section.heading
    ]
    yield "\n".join(items)


def _anchor(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _section(section: Section) -> Iterator[str]:
    if section.heading:
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
        return _table(Table(header=list(block.header), rows=[list(i) for i in block.items]))
    if isinstance(block, Figure):
        return _figure(block)
    raise TypeError(f"unknown block {type(block).__name__}")  # a bug, not a user mistake


def _figure(figure: Figure) -> str:
    # The image sits beside the report, so a relative link works on GitHub and in pandoc;
    # without a file (a document not built to disk) the words stand in for the picture.
    lines = []
    if figure.caption:
        lines.append(f"**{escape(figure.caption)}**")
    if figure.file:
        target = figure.file.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        lines.append(f"![{escape(figure.alt)}]({target})")
    else:
        lines.append(escape_start(figure.alt))
    return "\n\n".join(lines)


def _paragraph(para: Paragraph) -> str:
    bits = []
    if para.number:
        bits.append(f"**{para.number}**")
    if para.lead:
        bits.append(f"**{escape(para.lead)}**")
    if bits:
        return " ".join([*bits, escape(para.text)])
    return escape_start(para.text)


def _quote(quote: Quote) -> str:
    chunks = [c for c in quote.text.split("\n\n") if c.strip()]
    lines = [f"**{escape(quote.lead)}**"] if quote.lead else []
    if quote.child:
        lines += [f"*{escape(c)}*" for c in chunks]
    else:
        lines += [escape_start(c) for c in chunks]
    if quote.attribution:
        lines.append(escape_start(quote.attribution))
    return "\n>\n".join(f"> {line}" for line in lines)


def _list(items: BulletList) -> str:
    if items.numbered:
        return "\n".join(
            f"{i}. {escape_start(item)}" for i, item in enumerate(items.items, start=1)
        )
    return "\n".join(f"- {escape_start(item)}" for item in items.items)


def _placeholder(block: Placeholder) -> str:
    line = f"> **{escape(block.text)}**"
    if block.hint:
        # The case-file path in the hint is set as code, so it reads as something to type.
        before, found, after = block.hint.partition(block.where) if block.where else ("", "", "")
        if found and "`" not in found:
            space = (" " if before.endswith(" ") else "", " " if after.startswith(" ") else "")
            hint = f"{escape(before)}{space[0]}`{found}`{space[1]}{escape(after)}"
        else:
            hint = escape(block.hint)
        line += f"\\\n> {hint}"
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
        # pandoc reads "Table: ..." next to a table as its caption; GitHub shows a line of
        # text. Before the table, so it is read where Word prints the caption.
        text = f"Table: {escape(table.caption)}\n\n{text}"
    return text


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(escape(c) for c in cells) + " |"


def _natural_widths(table: Table) -> list[float]:
    longest = [len(h) for h in table.header]
    for row in table.rows:
        for i, cell in enumerate(row[: len(longest)]):
            longest[i] = max(longest[i], min(len(cell), 80))
    return [float(max(n, 3)) for n in longest]
