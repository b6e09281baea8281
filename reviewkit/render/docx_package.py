"""The Word package (a zip of XML parts): read a reference document and adapt it for a report.

Like pandoc's --reference-doc, a reference document gives its styles, page setup, header and
footer; its body is thrown away. Styles and lists the report needs but the reference
document lacks are added from the defaults in docx_parts. Comments, macros and the
template's thumbnail and personal properties are dropped so nothing of the template's own
history leaks into a report.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from reviewkit.errors import InputFileError
from reviewkit.inputs import MB, ZipLimits, open_zip, read_input, xml_parser
from reviewkit.render import docx_parts as parts
from reviewkit.render.docx_body import escape

W = f"{{{parts.W_NS}}}"
R_ID = f"{{{parts.R_NS}}}id"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
MS_RT = "http://schemas.microsoft.com/office/"

# Relationships of the main document whose parts are left out of a report.
DROPPED = (
    parts.RT_BASE + "comments",
    MS_RT + "2011/relationships/commentsExtended",
    MS_RT + "2016/09/relationships/commentsIds",
    MS_RT + "2018/08/relationships/commentsExtensible",
    MS_RT + "2011/relationships/people",
    MS_RT + "2006/relationships/vbaProject",
    MS_RT + "2006/relationships/keyMapCustomizations",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
)

# Settings that come after <w:updateFields> in the schema's order.
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
}  # fmt: skip

LANGUAGE = "en-GB"  # reports are written in British English; screen readers speak it so

MAX_BYTES = 64 * MB  # a reference document as saved
LIMITS = ZipLimits(parts=2000, part_bytes=64 * MB, total_bytes=128 * MB)


def parse(data: bytes) -> Any:
    """Parse one XML part (no network, no entities)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(data, parser)


def fragment(xml: str) -> list[Any]:
    """Elements parsed from WordprocessingML text that uses the w: prefix."""
    return list(parse(f'<w:x xmlns:w="{parts.W_NS}">{xml}</w:x>'.encode()))


def serialize(root: Any) -> bytes:
    """An XML part as bytes, with its declaration."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


@dataclass
class Rel:
    """One relationship: `target` is a part name inside the zip unless `external`."""

    id: str
    type: str
    target: str
    external: bool = False


def rels_name(part: str) -> str:
    """Where the relationships of `part` live ("" is the package itself)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


@dataclass
class Package:
    """Parts by name inside the zip."""

    parts: dict[str, bytes]
    source: str = "the default reference document"
    content_types: Any = None
    main: str = ""
    added: dict[str, str] = field(default_factory=dict)  # new part -> content type

    @classmethod
    def default(cls) -> Package:
        """The default reference document."""
        return cls(parts.default_parts())._opened()

    @classmethod
    def read(cls, path: Path) -> Package:
        """A reference document (.docx or .dotx) read from `path`.

        Read through the input guard (a regular file of bounded size) and the zip limits;
        every XML part is parsed once here, without entities or giant nodes, so a damaged
        or hostile part is refused by name before anything is written.
        """
        what = f"{path}: the reference document"
        fix = "save it from Word as .docx and try again."
        if not (path.exists() or path.is_symlink()):
            raise InputFileError(f"{what} does not exist; check the path.")
        raw = read_input(
            path, what="reference document", limit=MAX_BYTES, too_big="save it without pictures"
        )
        if not zipfile.is_zipfile(io.BytesIO(raw)):
            raise InputFileError(f"{what} is not a Word file; {fix}")
        with open_zip(raw, path, limits=LIMITS, kind="Word file", fix=fix) as zf:
            try:
                data = {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
                raise InputFileError(f"{what} is not a Word file; {fix}") from None
        package = cls(data, source=str(path))
        for name, part in data.items():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(part, xml_parser())
                except etree.XMLSyntaxError as err:
                    raise InputFileError(
                        f"{what} is not a Word document this tool can read (in {name}: "
                        f"{err.msg}); open it in Word and save it again as .docx."
                    ) from None
        try:
            return package._opened()
        except (etree.XMLSyntaxError, KeyError, ValueError):
            raise InputFileError(
                f"{what} is not a Word document this tool can read; open it in Word, save it "
                "as a .docx and try again."
            ) from None

    def _opened(self) -> Package:
        self.content_types = parse(self.parts["[Content_Types].xml"])
        mains = [r for r in self.rels("") if r.type == parts.RT["main"]]
        if not mains or mains[0].target not in self.parts:
            raise KeyError("officeDocument")
        self.main = mains[0].target
        return self

    # --- relationships ------------------------------------------------------------------

    def rels_root(self, part: str) -> Any:
        """The relationships element of `part` (created empty when it has none)."""
        name = rels_name(part) if part else "_rels/.rels"
        data = self.parts.get(name)
        if data is None:
            return etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
        return parse(data)

    def rels(self, part: str) -> list[Rel]:
        """The relationships of `part`, targets resolved to part names."""
        folder = posixpath.dirname(part)
        out = []
        for el in self.rels_root(part):
            target, external = el.get("Target", ""), el.get("TargetMode") == "External"
            if not external:
                target = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
            out.append(Rel(el.get("Id", ""), el.get("Type", ""), target, external))
        return out

    def set_rels(self, part: str, root: Any) -> None:
        """Store the relationships of `part`."""
        self.parts[rels_name(part) if part else "_rels/.rels"] = serialize(root)

    def add_part(self, owner: str, rtype: str, name: str, data: bytes, ctype: str) -> str:
        """Add a part related from `owner`; returns the relationship id."""
        root = self.rels_root(owner)
        taken = {el.get("Id") for el in root}
        rid = next(f"rIdRk{i}" for i in range(1, 10_000) if f"rIdRk{i}" not in taken)
        etree.SubElement(
            root,
            f"{{{PKG_RELS}}}Relationship",
            Id=rid,
            Type=rtype,
            Target=posixpath.relpath(name, posixpath.dirname(owner) or "."),
        )
        self.set_rels(owner, root)
        self.parts[name] = data
        self.set_content_type(name, ctype)
        return rid

    def unique_name(self, stem: str, ext: str = "xml") -> str:
        """A part name not yet in the package."""
        return next(
            f"{stem}{i}.{ext}" for i in range(1, 10_000) if f"{stem}{i}.{ext}" not in self.parts
        )

    def part_of(self, owner: str, rtype: str) -> str | None:
        """The first part related from `owner` with this type."""
        for rel in self.rels(owner):
            if rel.type == rtype and not rel.external and rel.target in self.parts:
                return rel.target
        return None

    def drop(self, owner: str, rtypes: tuple[str, ...]) -> None:
        """Remove the relationships of these types from `owner`, and their parts."""
        root = self.rels_root(owner)
        targets = {r.id: r for r in self.rels(owner)}
        changed = False
        for el in list(root):
            if el.get("Type") in rtypes:
                root.remove(el)
                changed = True
                rel = targets.get(el.get("Id"))
                if rel and not rel.external:
                    self.parts.pop(rel.target, None)
                    self.parts.pop(rels_name(rel.target), None)
                    self.remove_content_type(rel.target)
        if changed:
            self.set_rels(owner, root)

    # --- content types ------------------------------------------------------------------

    def set_content_type(self, name: str, ctype: str) -> None:
        """Declare the content type of part `name`."""
        self.remove_content_type(name)
        etree.SubElement(
            self.content_types, f"{{{CT_NS}}}Override", PartName=f"/{name}", ContentType=ctype
        )

    def set_default_type(self, extension: str, ctype: str) -> None:
        """Declare the content type of every part whose name ends in `extension` (images)."""
        for el in self.content_types.findall(f"{{{CT_NS}}}Default"):
            if el.get("Extension", "").lower() == extension:
                return
        # Defaults come before overrides in the schema of [Content_Types].xml.
        default = etree.Element(f"{{{CT_NS}}}Default", Extension=extension, ContentType=ctype)
        self.content_types.insert(0, default)

    def remove_content_type(self, name: str) -> None:
        """Forget the content type override of part `name`."""
        for el in self.content_types.findall(f"{{{CT_NS}}}Override"):
            if el.get("PartName", "").lstrip("/") == name:
                self.content_types.remove(el)

    def xml(self, name: str) -> Any:
        """Part `name` parsed."""
        return parse(self.parts[name])


# --- styles -----------------------------------------------------------------------------


def merge_styles(package: Package) -> tuple[dict[str, str], set[str]]:
    """Style ids for every role, adding missing styles from the defaults.

    Returns the ids and the set of roles whose style was added (those carry reviewkit's own
    list links).
    """
    name = package.part_of(package.main, parts.RT["styles"])
    if name is None:
        name = "word/styles.xml" if "word/styles.xml" not in package.parts else "word/rkstyles.xml"
        package.add_part(
            package.main, parts.RT["styles"], name, parts.styles_xml().encode(), parts.CT["styles"]
        )
    root = package.xml(name)
    default_root = parse(parts.styles_xml().encode())

    def index(tree: Any) -> dict[str, Any]:
        return {
            el.find(f"{W}name").get(f"{W}val").lower(): el
            for el in tree.findall(f"{W}style")
            if el.find(f"{W}name") is not None
        }

    found, defaults = index(root), index(default_root)
    taken = {el.get(f"{W}styleId") for el in root.findall(f"{W}style")}
    ids: dict[str, str] = {}
    added: set[str] = set()
    renamed: dict[str, str] = {}
    for role, style_name in parts.STYLE_NAMES.items():
        key = style_name.lower()
        if key in found:
            ids[role] = found[key].get(f"{W}styleId")
            renamed[defaults[key].get(f"{W}styleId")] = ids[role]
            continue
        el = copy.deepcopy(defaults[key])
        sid = el.get(f"{W}styleId")
        if sid in taken:
            sid = next(f"{sid}Rk{i}" for i in range(1, 1000) if f"{sid}Rk{i}" not in taken)
            renamed[el.get(f"{W}styleId")] = sid
            el.set(f"{W}styleId", sid)
        taken.add(sid)
        root.append(el)
        ids[role] = sid
        added.add(role)
    normal = found.get("normal")
    if normal is not None:
        renamed["Normal"] = normal.get(f"{W}styleId")
    for role in added:  # point added styles at this document's own base styles
        el = root.find(f"{W}style[@{W}styleId='{ids[role]}']")
        for ref in ("basedOn", "next", "link"):
            ref_el = el.find(f"{W}{ref}")
            if ref_el is not None and ref_el.get(f"{W}val") in renamed:
                ref_el.set(f"{W}val", renamed[ref_el.get(f"{W}val")])
    _default_language(root)
    package.parts[name] = serialize(root)
    return ids, added


def _default_language(styles: Any) -> None:
    """Give the document a language (en-GB) when the reference document sets none.

    Screen readers choose their voice from it, and a tagged PDF carries it as /Lang.
    """
    defaults = styles.find(f"{W}docDefaults")
    if defaults is None:
        defaults = etree.Element(f"{W}docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(f"{W}rPrDefault")
    if rpr_default is None:
        rpr_default = etree.Element(f"{W}rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(f"{W}rPr")
    if rpr is None:
        rpr = etree.SubElement(rpr_default, f"{W}rPr")
    lang = rpr.find(f"{W}lang")
    if lang is None:
        lang = etree.SubElement(rpr, f"{W}lang")
    if not lang.get(f"{W}val"):
        lang.set(f"{W}val", LANGUAGE)


# --- numbering --------------------------------------------------------------------------


@dataclass
class Numbering:
    """The numbering part being extended, and the ids the report uses."""

    name: str
    root: Any
    chapter: int
    bullet: int
    number_abstract: int
    next_id: int

    def finish(self, package: Package, restarts: list[int]) -> None:
        """Add one restarting instance per numbered list, and store the part."""
        for num_id in restarts:
            self.root.extend(fragment(parts.num(num_id, self.number_abstract, restart=True)))
        package.parts[self.name] = serialize(self.root)


def merge_numbering(package: Package, ids: dict[str, str], added: set[str]) -> Numbering:
    """Find or add reviewkit's lists (chapters, bullets, numbers) in the numbering part."""
    name = package.part_of(package.main, parts.RT["numbering"])
    if name is None:
        name = package.unique_name("word/numbering")
        empty = f'<w:numbering xmlns:w="{parts.W_NS}"/>'.encode()
        package.add_part(package.main, parts.RT["numbering"], name, empty, parts.CT["numbering"])
    root = package.xml(name)
    abstracts = root.findall(f"{W}abstractNum")
    nums = root.findall(f"{W}num")
    by_name = {}
    for el in abstracts:
        label = el.find(f"{W}name")
        if label is not None:
            by_name[label.get(f"{W}val")] = int(el.get(f"{W}abstractNumId"))
    instance = {
        int(el.find(f"{W}abstractNumId").get(f"{W}val")): int(el.get(f"{W}numId")) for el in nums
    }
    next_abstract = max((int(el.get(f"{W}abstractNumId")) for el in abstracts), default=-1) + 1
    next_num = max((int(el.get(f"{W}numId")) for el in nums), default=0) + 1
    wanted = ("reviewkit chapters", "reviewkit bullets", "reviewkit numbers")
    if all(w in by_name and by_name[w] in instance for w in wanted):
        chapter, bullet = instance[by_name[wanted[0]]], instance[by_name[wanted[1]]]
        number_abstract = by_name[wanted[2]]
    else:
        links: dict[str, str] = {r: ids[r] for r in ("h1", "numbered") if r in added}
        new = parts.abstract_nums(next_abstract, 0x5245564B + next_abstract, links)
        position = root.index(nums[0]) if nums else len(root)
        for offset, el in enumerate(fragment("".join(new))):
            root.insert(position + offset, el)  # every abstractNum precedes every num
        chapter, bullet = next_num, next_num + 1
        number_abstract = next_abstract + 2
        for i in range(3):
            root.extend(fragment(parts.num(next_num + i, next_abstract + i)))
        next_num += 3
    _point_styles_at_lists(package, ids, added, chapter, bullet, number_abstract, root)
    return Numbering(name, root, chapter, bullet, number_abstract, next_num)


def _point_styles_at_lists(
    package: Package,
    ids: dict[str, str],
    added: set[str],
    chapter: int,
    bullet: int,
    number_abstract: int,
    numbering: Any,
) -> None:
    # Styles added from the defaults name the default list ids; give them this package's.
    number = next(
        int(el.get(f"{W}numId"))
        for el in numbering.findall(f"{W}num")
        if el.find(f"{W}abstractNumId").get(f"{W}val") == str(number_abstract)
    )
    targets = {parts.CHAPTER_NUM: chapter, parts.BULLET_NUM: bullet, parts.NUMBER_NUM: number}
    name = package.part_of(package.main, parts.RT["styles"])
    assert name is not None
    root = package.xml(name)
    for role in added:
        el = root.find(f"{W}style[@{W}styleId='{ids[role]}']/{W}pPr/{W}numPr/{W}numId")
        if el is not None:
            el.set(f"{W}val", str(targets.get(int(el.get(f"{W}val")), 0)))
    package.parts[name] = serialize(root)


# --- settings, header and footer --------------------------------------------------------


def settings(package: Package, *, update_fields: bool) -> None:
    """Forget the template's attached template (a path on its author's computer) and, with
    `update_fields`, set <w:updateFields> so Word refreshes contents and page numbers on opening.
    """
    name = package.part_of(package.main, parts.RT["settings"])
    if name is None:
        name = package.unique_name("word/settings")
        package.add_part(
            package.main,
            parts.RT["settings"],
            name,
            parts.settings_xml().encode(),
            parts.CT["settings"],
        )
    package.drop(name, (parts.RT_BASE + "attachedTemplate",))
    root = package.xml(name)
    for old in [*root.findall(f"{W}updateFields"), *root.findall(f"{W}attachedTemplate")]:
        root.remove(old)
    if update_fields:
        el = etree.Element(f"{W}updateFields")
        el.set(f"{W}val", "true")
        later = [
            i
            for i, child in enumerate(root)
            if etree.QName(child).localname in _AFTER_UPDATE_FIELDS
        ]
        root.insert(later[0] if later else len(root), el)
    package.parts[name] = serialize(root)


def header_and_footer(
    package: Package, sect: Any, ids: dict[str, str], marking: str, title: str, *, keep: bool
) -> None:
    """Give the page setup a header and footer, and fill in {marking} and {title}.

    When no header or footer of the reference document shows the marking, it is added to the
    header: a report always carries its protective marking on every page.
    """
    for kind, make in (("header", parts.header_xml), ("footer", parts.footer_xml)):
        tag = f"{W}{kind}Reference"
        if sect.find(tag) is not None:
            continue
        xml = make().replace('"ProtectiveMarking"', f'"{ids["marking"]}"')
        xml = xml.replace('"Footer"', f'"{ids["footer"]}"')
        part = package.unique_name(f"word/{kind}")
        rid = package.add_part(package.main, parts.RT[kind], part, xml.encode(), parts.CT[kind])
        ref = etree.Element(tag)
        ref.set(f"{W}type", "default")
        ref.set(R_ID, rid)
        position = len(sect.findall(f"{W}headerReference")) if kind == "footer" else 0
        sect.insert(position, ref)
    if keep:
        return
    rels = {r.id: r.target for r in package.rels(package.main)}
    shown = False
    first_header = None
    for ref in [*sect.findall(f"{W}headerReference"), *sect.findall(f"{W}footerReference")]:
        name = rels.get(ref.get(R_ID))
        if name is None or name not in package.parts:
            continue
        root = package.xml(name)
        for p in root.iter(f"{W}p"):
            texts = list(p.iter(f"{W}t"))
            joined = "".join(t.text or "" for t in texts)
            if parts.MARKING_TOKEN in joined or parts.TITLE_TOKEN in joined:
                joined = joined.replace(parts.MARKING_TOKEN, marking)
                joined = joined.replace(parts.TITLE_TOKEN, title)
                texts[0].text = joined
                for t in texts[1:]:
                    t.text = ""
        text = "".join(t.text or "" for t in root.iter(f"{W}t"))
        shown = shown or marking.casefold() in text.casefold()
        if first_header is None and etree.QName(root).localname == "hdr":
            first_header = (name, root)
        package.parts[name] = serialize(root)
    if not shown and marking and first_header is not None:
        name, root = first_header
        root.extend(fragment(parts.marking_paragraph(ids["marking"], escape(marking))))
        package.parts[name] = serialize(root)


def properties(package: Package, title: str, creator: str, status: str) -> None:
    """Replace the template's document properties with the report's own."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
        f"<dc:language>{LANGUAGE}</dc:language>"
        f"<cp:lastModifiedBy>reviewkit</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        f"<cp:contentStatus>{escape(status)}</cp:contentStatus></cp:coreProperties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>reviewkit</Application></Properties>'
    )
    for kind, data in (("core", core), ("app", app)):
        name = package.part_of("", parts.RT[kind])
        if name is None:
            package.add_part("", parts.RT[kind], f"docProps/{kind}.xml", b"", parts.CT[kind])
            name = f"docProps/{kind}.xml"
        package.parts[name] = data.encode()
