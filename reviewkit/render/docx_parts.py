"""The default Word look, written as WordprocessingML: styles, numbering, header, footer.

These parts make up the default reference document (`reviewkit reference-doc`). A
partnership's own reference document replaces them; any style it lacks is taken from here.
Element order inside each XML element follows the WordprocessingML schema, because Word
refuses files whose elements are out of order.
"""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

FONT = "Arial"  # LibreOffice substitutes the metric-compatible Liberation Sans
NAVY = "1F3864"  # headings, captions, table header row
BLUE = "0B5394"  # the child's own words
GREY = "595959"

# A4 with 2.54 cm margins, in twentieths of a point
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 11906, 16838, 1440
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

# Style names the renderer asks for, by role. Matching a reference document is by name,
# case-insensitively, so Word's own lower-case built-in names ("heading 1") match too.
STYLE_NAMES: dict[str, str] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "cover_partnership": "Cover Partnership",
    "cover": "Cover Details",
    "toc_heading": "TOC Heading",
    "toc1": "toc 1",
    "toc2": "toc 2",
    "toc3": "toc 3",
    "h1": "heading 1",
    "h2": "heading 2",
    "h3": "heading 3",
    "body": "Body Text",
    "numbered": "Numbered Paragraph",
    "bullet": "List Bullet",
    "number": "List Number",
    "quote": "Quote",
    "child": "Child's Words",
    "attribution": "Quote Attribution",
    "caption": "caption",
    "table": "Report Table",
    "cell": "Table Text",
    "cell_head": "Table Heading",
    "placeholder": "Placeholder",
    "header": "header",
    "footer": "footer",
    "marking": "Protective Marking",
}

# Numbering definitions: num id -> abstract num id. 1 numbers chapters (level 0, on
# Heading 1) and their paragraphs (level 1, "%1.%2"), so Word renumbers them when edited.
CHAPTER_NUM, BULLET_NUM, NUMBER_NUM = 1, 2, 3


def _pstyle(
    sid: str,
    name: str,
    *,
    based: str | None = "Normal",
    nxt: str | None = None,
    ui: int = 10,
    ppr: str = "",
    rpr: str = "",
) -> str:
    based_xml = f'<w:basedOn w:val="{based}"/>' if based else ""
    next_xml = f'<w:next w:val="{nxt}"/>' if nxt else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="{int(sid not in _BUILT_IN)}" '
        f'w:styleId="{sid}"><w:name w:val="{name}"/>{based_xml}{next_xml}'
        f'<w:uiPriority w:val="{ui}"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


_BUILT_IN = {
    "Normal",
    "Title",
    "Subtitle",
    "TOCHeading",
    "TOC1",
    "TOC2",
    "TOC3",
    "Heading1",
    "Heading2",
    "Heading3",
    "BodyText",
    "ListBullet",
    "ListNumber",
    "Quote",
    "Caption",
    "Header",
    "Footer",
}


def _num(num_id: int, level: int) -> str:
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'


def _spacing(before: int = 0, after: int = 0, line: int | None = None) -> str:
    line_xml = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{line_xml}/>'


def _color(rgb: str) -> str:
    return f'<w:color w:val="{rgb}"/>'


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _dot_tab(pos: int) -> str:
    return f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{pos}"/></w:tabs>'


BOLD = "<w:b/><w:bCs/>"
ITALIC = "<w:i/><w:iCs/>"
KEEP = "<w:keepNext/><w:keepLines/>"


def styles_xml() -> str:
    """The default styles part."""
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}{_size(22)}"
        '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ur-PK"/></w:rPr></w:rPrDefault>'
        f"<w:pPrDefault><w:pPr>{_spacing(0, 160, 264)}</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    base = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:qFormat/></w:style><w:style w:type="character" w:default="1" '
        'w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>'
        '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        '</w:tblPr></w:style><w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        "</w:style>"
    )
    navy, blue, grey = _color(NAVY), _color(BLUE), _color(GREY)
    border = '<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{}"/></w:pBdr>'
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="{}"/>'
    paragraph_styles = [
        _pstyle(
            "Title",
            "Title",
            nxt="Subtitle",
            ppr=_spacing(2400, 240, 240),
            rpr=f'{BOLD}{navy}<w:kern w:val="28"/>{_size(60)}',
        ),
        _pstyle(
            "Subtitle",
            "Subtitle",
            ppr=(
                f'<w:pBdr><w:bottom w:val="single" w:sz="18" w:space="12" w:color="{NAVY}"/>'
                f"</w:pBdr>{_spacing(0, 480)}"
            ),
            rpr=f"{_color('44546A')}{_size(32)}",
        ),
        _pstyle(
            "CoverPartnership",
            STYLE_NAMES["cover_partnership"],
            ppr=_spacing(0, 120),
            rpr=f"{BOLD}{navy}{_size(28)}",
        ),
        _pstyle("CoverDetails", STYLE_NAMES["cover"], ppr=_spacing(0, 80), rpr=_color("404040")),
        _pstyle(
            "TOCHeading",
            "TOC Heading",
            nxt="Normal",
            ui=39,
            ppr=f"<w:keepNext/><w:pageBreakBefore/>{_spacing(0, 360)}",
            rpr=f"{BOLD}{navy}{_size(32)}",
        ),
        _pstyle(
            "TOC1",
            "toc 1",
            nxt="Normal",
            ui=39,
            ppr=f"{_dot_tab(TEXT_WIDTH)}{_spacing(80, 20)}",
            rpr=BOLD,
        ),
        _pstyle(
            "TOC2",
            "toc 2",
            nxt="Normal",
            ui=39,
            ppr=f'{_dot_tab(TEXT_WIDTH)}{_spacing(0, 0)}<w:ind w:left="567"/>',
        ),
        _pstyle(
            "TOC3",
            "toc 3",
            nxt="Normal",
            ui=39,
            ppr=f'{_dot_tab(TEXT_WIDTH)}{_spacing(0, 0)}<w:ind w:left="1134"/>',
        ),
        _pstyle(
            "Heading1",
            "heading 1",
            nxt="BodyText",
            ui=9,
            ppr=(
                f'{KEEP}{_num(CHAPTER_NUM, 0)}<w:pBdr><w:bottom w:val="single" w:sz="6" '
                f'w:space="4" w:color="{NAVY}"/></w:pBdr>{_spacing(480, 240)}'
                '<w:ind w:left="567" w:hanging="567"/><w:outlineLvl w:val="0"/>'
            ),
            rpr=f"{BOLD}{navy}{_size(32)}",
        ),
        _pstyle(
            "Heading2",
            "heading 2",
            nxt="BodyText",
            ui=9,
            ppr=f'{KEEP}{_spacing(360, 120)}<w:outlineLvl w:val="1"/>',
            rpr=f"{BOLD}{navy}{_size(26)}",
        ),
        _pstyle(
            "Heading3",
            "heading 3",
            nxt="BodyText",
            ui=9,
            ppr=f'{KEEP}{_spacing(240, 80)}<w:outlineLvl w:val="2"/>',
            rpr=f"{BOLD}{_color('2F5496')}{_size(23)}",
        ),
        _pstyle("BodyText", "Body Text", ui=1, ppr=_spacing(0, 180, 288)),
        _pstyle(
            "NumberedParagraph",
            STYLE_NAMES["numbered"],
            based="BodyText",
            ui=1,
            ppr=f'{_num(CHAPTER_NUM, 1)}<w:ind w:left="851" w:hanging="851"/>',
        ),
        _pstyle(
            "ListBullet",
            "List Bullet",
            based="BodyText",
            ppr=f'{_num(BULLET_NUM, 0)}{_spacing(0, 100, 288)}<w:ind w:left="1211" '
            'w:hanging="360"/><w:contextualSpacing/>',
        ),
        _pstyle(
            "ListNumber",
            "List Number",
            based="BodyText",
            ppr=f'{_num(NUMBER_NUM, 0)}{_spacing(0, 100, 288)}<w:ind w:left="1211" '
            'w:hanging="360"/><w:contextualSpacing/>',
        ),
        _pstyle(
            "Quote",
            "Quote",
            based="BodyText",
            nxt="BodyText",
            ppr=f'{_spacing(120, 120, 288)}<w:ind w:left="851" w:right="567"/>',
            rpr=f"{ITALIC}{_color('404040')}",
        ),
        _pstyle(
            "ChildsWords",
            STYLE_NAMES["child"],
            based="BodyText",
            nxt="BodyText",
            ppr=(
                f"<w:keepLines/>{border.format(BLUE)}{shade.format('EEF4FB')}"
                f'{_spacing(120, 120, 288)}<w:ind w:left="851" w:right="567"/>'
            ),
            rpr=f"{ITALIC}{blue}",
        ),
        _pstyle(
            "QuoteAttribution",
            STYLE_NAMES["attribution"],
            based="BodyText",
            nxt="BodyText",
            ppr=f'<w:keepLines/>{_spacing(0, 240)}<w:ind w:left="851" w:right="567"/>',
            rpr=f"{grey}{_size(19)}",
        ),
        _pstyle(
            "Caption",
            "caption",
            nxt="BodyText",
            ui=35,
            ppr=f"<w:keepNext/>{_spacing(240, 100)}",
            rpr=f"{BOLD}{navy}{_size(20)}",
        ),
        _pstyle(
            "TableText",
            STYLE_NAMES["cell"],
            ppr=_spacing(20, 20, 240),
            rpr=_size(18),
        ),
        _pstyle(
            "TableHeading",
            STYLE_NAMES["cell_head"],
            based="TableText",
            ppr="<w:keepNext/>",
            rpr=BOLD,
        ),
        _pstyle(
            "Placeholder",
            STYLE_NAMES["placeholder"],
            based="BodyText",
            nxt="BodyText",
            ppr=f"{border.format('C55A11')}{shade.format('FFF2CC')}"
            '<w:ind w:left="227" w:right="227"/>',
            rpr=f"{ITALIC}{_color('7F3F00')}",
        ),
        _pstyle(
            "Header",
            "header",
            ui=99,
            ppr=f'{_spacing(0, 0, 240)}<w:jc w:val="center"/>',
            rpr=f"{grey}{_size(18)}",
        ),
        _pstyle(
            "Footer",
            "footer",
            ui=99,
            ppr=f'{_spacing(0, 0, 240)}<w:jc w:val="center"/>',
            rpr=f"{grey}{_size(18)}",
        ),
        _pstyle(
            "ProtectiveMarking",
            STYLE_NAMES["marking"],
            ppr=f'{_spacing(0, 0, 240)}<w:jc w:val="center"/>',
            rpr=f"{BOLD}<w:caps/>{_size(20)}",
        ),
    ]
    line = 'w:val="single" w:sz="4" w:space="0" w:color="BFC8D6"'
    borders = "".join(
        f"<w:{edge} {line}/>" for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    table_style = (
        '<w:style w:type="table" w:customStyle="1" w:styleId="ReportTable">'
        f'<w:name w:val="{STYLE_NAMES["table"]}"/><w:basedOn w:val="TableNormal"/>'
        '<w:uiPriority w:val="59"/><w:qFormat/>'
        f"<w:pPr>{_spacing(0, 0, 240)}</w:pPr>"
        f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders><w:tblCellMar>"
        '<w:top w:w="45" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        '</w:tblPr><w:tblStylePr w:type="firstRow">'
        f"<w:rPr>{BOLD}{_color('FFFFFF')}</w:rPr><w:tblPr/><w:trPr><w:tblHeader/></w:trPr>"
        f"<w:tcPr>{shade.format(NAVY)}</w:tcPr></w:tblStylePr>"
        f'<w:tblStylePr w:type="band1Horz"><w:tblPr/><w:tcPr>{shade.format("F2F5FA")}</w:tcPr>'
        "</w:tblStylePr></w:style>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:styles {NS}>{defaults}{base}{''.join(paragraph_styles)}{table_style}</w:styles>"
    )


def abstract_nums(first_id: int, nsid_seed: int, links: dict[str, str]) -> list[str]:
    """The three list definitions (chapters, bullets, numbers), ids from `first_id`.

    `links` maps "h1" and "numbered" to the style ids whose list levels they are.
    """
    chapter_levels = []
    for level in range(9):
        text = ".".join(f"%{i + 1}" for i in range(level + 1))
        style = {0: links.get("h1"), 1: links.get("numbered")}.get(level)
        style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
        indent = {0: (567, 567), 1: (851, 851)}.get(level, (851 + 284 * level, 851 + 284 * level))
        chapter_levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'{style_xml}<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent[0]}" w:hanging="{indent[1]}"/></w:pPr></w:lvl>'
        )
    bullet_levels = []
    number_levels = []
    for level in range(9):
        left = 1211 + 360 * level
        symbol = "\u2022" if level % 2 == 0 else "\u2013"
        bullet_levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
            f'<w:lvlText w:val="{symbol}"/><w:lvlJc w:val="left"/><w:pPr>'
            f'<w:ind w:left="{left}" w:hanging="360"/></w:pPr><w:rPr><w:rFonts '
            f'w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:hint="default"/></w:rPr></w:lvl>'
        )
        fmt, text = ("decimal", f"%{level + 1}.") if level % 2 == 0 else ("lowerLetter", "(%2)")
        if level > 1:
            text = f"%{level + 1}."
        number_levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>'
            f'<w:ind w:left="{left}" w:hanging="360"/></w:pPr></w:lvl>'
        )
    kinds = (
        ("multilevel", "reviewkit chapters", chapter_levels),
        ("hybridMultilevel", "reviewkit bullets", bullet_levels),
        ("hybridMultilevel", "reviewkit numbers", number_levels),
    )
    return [
        f'<w:abstractNum w:abstractNumId="{first_id + i}"><w:nsid w:val="{nsid_seed + i:08X}"/>'
        f'<w:multiLevelType w:val="{kind}"/><w:name w:val="{name}"/>{"".join(levels)}'
        "</w:abstractNum>"
        for i, (kind, name, levels) in enumerate(kinds)
    ]


def num(num_id: int, abstract_id: int, *, restart: bool = False) -> str:
    """A numbering instance; `restart` makes a numbered list start again at 1."""
    override = (
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
    )
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'


def numbering_xml() -> str:
    """The default numbering part."""
    links = {"h1": "Heading1", "numbered": "NumberedParagraph"}
    body = "".join(abstract_nums(0, 0x5245564B, links))
    body += num(CHAPTER_NUM, 0) + num(BULLET_NUM, 1) + num(NUMBER_NUM, 2)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:numbering {NS}>{body}</w:numbering>"
    )


def settings_xml() -> str:
    """The default settings part (Word 2013+ layout, British English)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:settings {NS}><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting '
        'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
        'w:val="15"/></w:compat><w:themeFontLang w:val="en-GB"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


def field(code: str, result: str) -> str:
    """A complex field (PAGE, NUMPAGES...) with a cached result."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{result}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


MARKING_TOKEN = "{marking}"
TITLE_TOKEN = "{title}"


def marking_paragraph(style_id: str, text: str) -> str:
    """A paragraph holding the protective marking."""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    )


def header_xml() -> str:
    """The default header: the protective marking, centred."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:hdr {NS}>{marking_paragraph('ProtectiveMarking', MARKING_TOKEN)}</w:hdr>"
    )


def footer_xml() -> str:
    """The default footer: "Page X of Y" and the protective marking."""
    pages = (
        '<w:p><w:pPr><w:pStyle w:val="Footer"/><w:spacing w:after="60"/></w:pPr>'
        '<w:r><w:t xml:space="preserve">Page </w:t></w:r>'
        f"{field('PAGE', '1')}"
        '<w:r><w:t xml:space="preserve"> of </w:t></w:r>'
        f"{field('NUMPAGES', '1')}</w:p>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:ftr {NS}>{pages}{marking_paragraph('ProtectiveMarking', MARKING_TOKEN)}</w:ftr>"
    )


def sect_pr() -> str:
    """The default page setup: A4 portrait, 2.54 cm margins, header and footer."""
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter1"/>'
        f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
        f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" '
        'w:header="567" w:footer="567" w:gutter="0"/><w:cols w:space="708"/>'
        '<w:docGrid w:linePitch="360"/></w:sectPr>'
    )


def document_xml() -> str:
    """An empty main document with the default page setup."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {NS}><w:body>{sect_pr()}</w:body></w:document>"
    )


CT = {
    "main": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "styles": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "numbering": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
    "settings": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    "header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    "footnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "core": "application/vnd.openxmlformats-package.core-properties+xml",
    "app": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    "rels": "application/vnd.openxmlformats-package.relationships+xml",
}

RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT = {
    "main": RT_BASE + "officeDocument",
    "styles": RT_BASE + "styles",
    "numbering": RT_BASE + "numbering",
    "settings": RT_BASE + "settings",
    "header": RT_BASE + "header",
    "footer": RT_BASE + "footer",
    "app": RT_BASE + "extended-properties",
    "core": "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
}


RT_IMAGE = RT_BASE + "image"


def default_parts() -> dict[str, bytes]:
    """Every part of the default reference document, by name inside the zip."""
    overrides = {
        "/word/document.xml": CT["main"],
        "/word/styles.xml": CT["styles"],
        "/word/numbering.xml": CT["numbering"],
        "/word/settings.xml": CT["settings"],
        "/word/header1.xml": CT["header"],
        "/word/footer1.xml": CT["footer"],
    }
    types = "".join(
        f'<Override PartName="{name}" ContentType="{ctype}"/>' for name, ctype in overrides.items()
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{CT["rels"]}"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{types}</Types>'
    )
    package_rels = _rels([("rId1", RT["main"], "word/document.xml")])
    document_rels = _rels(
        [
            ("rIdStyles", RT["styles"], "styles.xml"),
            ("rIdNumbering", RT["numbering"], "numbering.xml"),
            ("rIdSettings", RT["settings"], "settings.xml"),
            ("rIdHeader1", RT["header"], "header1.xml"),
            ("rIdFooter1", RT["footer"], "footer1.xml"),
        ]
    )
    texts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": package_rels,
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": document_rels,
        "word/styles.xml": styles_xml(),
        "word/numbering.xml": numbering_xml(),
        "word/settings.xml": settings_xml(),
        "word/header1.xml": header_xml(),
        "word/footer1.xml": footer_xml(),
    }
    return {name: text.encode("utf-8") for name, text in texts.items()}


def _rels(items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f'<Relationship Id="{rid}" Type="{rtype}" Target="{target}"/>'
        for rid, rtype, target in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{body}</Relationships>"
    )
