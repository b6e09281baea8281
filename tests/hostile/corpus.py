"""The hostile corpus: every file tests/hostile/make.py writes, with what each reader must say.

One row per file: the maker, the exit code, and a fragment of the message that must appear,
where `{path}` stands for the file and the fragment starts with its location (FILE:LINE:COL
for a place in a file, FILE for the whole file); each line of a fragment must appear. A row is read by every command that reads its
kind of file (hostile/commands.py); `by_command` gives the commands that answer differently.

A valid file in the corpus (BOM and CRLF, square brackets in text, a workbook whose far corner
is formatted) must be read exactly as typed: exit code 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The message every command gives when the case file cannot be read at all.
FIX = "fix them and run the command again."
TAG = "is not allowed; a case file holds plain YAML data only (remove the tag, or quote the value)."
# "No versions of FILE are kept yet", or "Versions of FILE" once `author` has saved an answer
# into a valid file earlier in the same run.
VERSIONS = "ersions of {path}"


@dataclass(frozen=True)
class Row:
    """One file of the corpus and what every command reading it must do."""

    maker: str
    code: int
    fragment: str
    by_command: dict[str, tuple[int, str]] = field(default_factory=dict)

    def expected(self, command: str) -> tuple[int, str]:
        """The exit code and message fragment of `command` reading this file."""
        if command in self.by_command:
            return self.by_command[command]
        if command == "history" and self.maker.startswith("case_"):
            # history lists the versions kept beside a case file: it reads the file's text only
            # to compare it with them, so a file broken inside is listed like any other.
            return 0, VERSIONS
        return self.code, self.fragment


def case(maker: str, where: str, message: str) -> Row:
    """A case file refused by every command, at `where` (LINE:COL) with `message`."""
    return Row(maker, 2, f"{{path}}:{where}: {message}")


VALID = {"check": (0, "{path}: valid:")}

ROWS: list[Row] = [
    # --- case files: values out of range, read as the wrong type, or blank ------------------
    case("case_age_overflow", "17:22", "people[0].age_at_incident: '99999999 days' is not an age"),
    case("case_age_words", "17:22", "people[0].age_at_incident: 'two-ish' is not an age"),
    case("case_year_9999", "32:11", "events[0].date: '9999-03-01' is not a date: year 9999 is out of range (1900 to 2100)"),
    case("case_year_0001", "32:11", "events[0].date: '0001-03-01' is not a date: year 0001 is out of range (1900 to 2100)"),
    case("case_year_1899", "32:11", "events[0].date: 'March 1899' is not a date: year 1899 is out of range (1900 to 2100)"),
    case("case_year_2101_slash", "32:11", "events[0].date: '01/03/2101' is not a date: year 2101 is out of range (1900 to 2100)"),
    case("case_date_hex", "32:11", "events[0].date: '0x7E7' is not a date reviewkit understands"),
    case(
        "case_date_arabic_indic",
        "32:11",
        "events[0].date: '\u0662\u0660\u0662\u0660-\u0660\u0663-\u0660\u0661' is not a date: "
        "write its digits as 0 to 9",
    ),
    case("case_date_february_30", "32:11", "events[0].date: '2020-02-30' is not a date: February 2020 has 29 days"),
    case("case_date_list", "32:11", "events[0].date: expected a date written as text"),
    case("case_date_empty", "32:10", "events[0].date: expected a date written as text"),
    case("case_dob_after_events", "16:10", "people[0].dob: the date of birth (2022-05-01) is after every event"),
    case("case_time_25_hours", "41:11", "events[1].time: '25:61' is not in the expected form"),
    case("case_title_blank", "3:10", "review.title: must not be empty"),
    case("case_title_missing", "3:3", "review: 'title' is required but missing"),
    case("case_partnership_empty", "5:16", "review.partnership: must not be empty"),
    case("case_name_blank", "13:11", "people[0].name: must not be empty"),
    case("case_summary_empty", "44:14", "events[1].summary: must not be empty"),
    case("case_seq_true", "42:10", "events[1].seq: expected a whole number, got yes or no (true/false)"),
    case("case_seq_hex", "42:10", "events[1].seq: expected a whole number, got '0x10'"),
    case("case_seq_infinite", "42:10", "events[1].seq: expected a whole number, got '.inf'"),
    case("case_seq_huge", "42:10", "events[1].seq: must be at most 9999, got 99999999999999999999999999"),
    case("case_attendance_yes", "48:17", "interviews[0].attendance: expected a whole number, got yes or no (true/false)"),
    case("case_child_seen_one", "37:17", "events[0].child_seen: expected yes or no (true/false), got '1'"),
    case("case_unknown_key", "37:5", "events[0].child_sen: unknown key 'child_sen' (did you mean 'child_seen'?)"),
    case("case_unknown_agency", "33:13", "events[0].agency: unknown agency 'nhs'"),
    case("case_duplicate_id", "39:9", "events[1].id: duplicate id 'e1' (first used at line 31)"),
    case("case_scope_reversed", "10:9", "review.scope.to: the scope period ends (2019-06-30) before it starts (2020-01-01)"),
    case("case_integer_key", "14:5", "people[0].1: unknown key '1'"),
    case("case_null_person", "18:5", "people[1]: expected a mapping of keys and values"),
    case("case_empty", "1:1", "a case file is a mapping of sections (review:, people:, ...); this one is empty"),
    case("case_only_comment", "1:1", "a case file is a mapping of sections (review:, people:, ...); this one is empty"),
    case("case_top_level_list", "1:1", "a case file is a mapping of sections (review:, people:, ...); this one is a list"),
    # --- case files: unsafe or unsupported YAML --------------------------------------------
    case("case_tag_on_key", "13:5", f"the tag 'tag:yaml.org,2002:python/object' {TAG}"),
    case("case_tag_python_value", "13:11", f"the tag 'tag:yaml.org,2002:python/object/apply:os.system' {TAG}"),
    case("case_tag_bool", "37:17", f"the tag 'tag:yaml.org,2002:bool' {TAG}"),
    case("case_tag_str", "13:11", f"the tag 'tag:yaml.org,2002:str' {TAG}"),
    case("case_tag_seq", "36:13", f"the tag 'tag:yaml.org,2002:seq' {TAG}"),
    case("case_tag_local", "13:11", f"the tag '!person' {TAG}"),
    case("case_control_bell", "13:12", "the control character U+0007 is not allowed in a case file"),
    case("case_control_escape", "13:14", "the control character U+001B is not allowed in a case file"),
    case("case_lone_surrogate", "13:17", "YAML syntax error: found invalid Unicode character escape code"),
    case("case_second_document", "58:1", "a second YAML document starts here ('---'); a case file is one document"),
    case("case_duplicate_key", "14:5", "the key 'name' appears twice in one mapping (first at line 13)."),
    case("case_bad_indent", "14:11", "YAML syntax error: mapping values are not allowed in this context."),
    case("case_tab_indent", "14:1", "YAML syntax error: found a tab character that violates indentation"),
    case("case_unclosed_quote", "41:12", "YAML syntax error: did not find expected key"),
    case("case_unclosed_flow", "37:15", "YAML syntax error: did not find expected ',' or ']'"),
    case("case_merge_key", "13:5", "'<<' merge keys are not supported; write keys out."),
    case("case_deep_nesting", "1:1008", "YAML syntax error: exceeded maximum nesting depth"),
    case("case_alias_bomb", "6:25", "YAML aliases here expand to more than 100,000 repeated values"),
    case("case_latin1", "13", "the case file is not UTF-8 text (byte 0xe9); save it as UTF-8"),
    Row("case_utf16", 2, "{path}: this is not a text file; a case file is YAML text."),
    Row("case_binary", 2, "{path}: this is not a text file; a case file is YAML text."),
    Row("case_huge", 2, "{path}: 65 MB is larger than the 64 MB reviewkit reads; split the case file"),
    # --- case files that are valid, and must be read exactly as typed -----------------------
    Row("case_bom_crlf", 0, "", VALID),
    Row("case_long_summary", 0, "", VALID),
    Row("case_many_events", 0, "", {"check": (0, "{path}: valid: 2002 events")}),
    Row("case_control_escaped_in_quotes", 0, "", VALID),
    Row(
        "case_markup_in_text",
        0,
        "",
        {**VALID, "timeline": (0, "[WRI] Police called;\n[name redacted] [/]\n[bold red]seen[/bold")},
    ),
    Row("case_markup_in_name", 0, "", VALID),
    # --- not files at all, given where a case file goes --------------------------------------
    Row("directory", 2, "{path}: is a folder; give the path of the case file itself."),
    Row("symlink_loop", 2, "{path}: is a symbolic link that loops"),
    Row("named_pipe", 2, "{path}: is a named pipe, not a file; reviewkit reads only files saved on disk."),
    Row("device_zero", 2, "{path}: is a device, not a file; reviewkit reads only files saved on disk."),
    # --- answers files (author --answers) ----------------------------------------------------
    Row("answers_unknown_section", 2, "{path}:1:1: kpe9: there is no section 'kpe9' (did you mean 'kpe1'?)"),
    Row("answers_unknown_field", 2, "{path}:2:3: kpe1.knwon: 'knwon' is not a question for KPE 1"),
    Row("answers_not_text", 2, "{path}:2:10: kpe1.known: expected the answer as text"),
    Row("answers_list", 2, "{path}:1:1: an answers file maps section ids to answers"),
    Row("answers_tag", 2, "{path}:2:10: the tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"),
    Row("answers_second_document", 2, "{path}:3:1: a second YAML document starts here ('---')"),
    Row("answers_control_character", 2, "{path}:2:14: the control character U+001B is not allowed"),
    Row("answers_bad_yaml", 2, "{path}:3:1: YAML syntax error: did not find expected ',' or ']'"),
    Row("answers_duplicate", 2, "{path}:3:3: the key 'known' appears twice in one mapping (first at line 2)."),
    Row("answers_not_utf8", 2, "{path}:2: the answers file is not UTF-8 text (byte 0xe9)"),
    Row("answers_directory", 2, "{path}: is a folder; give the path of the answers file itself."),
    Row("answers_alias_bomb", 2, "{path}:6:25: YAML aliases here expand to more than 100,000 repeated values"),
    # --- question sets (author --questions) --------------------------------------------------
    Row("questions_bad_version", 2, "{path}:1:10: version: version 2 is not supported; use version: 1"),
    Row("questions_unknown_field", 2, "{path}:4:14: episode.questions[0].field: 'secrets' is not a field of episode"),
    Row("questions_empty_prompt", 2, "{path}:5:15: episode.questions[0].prompt: must not be empty"),
    Row("questions_unknown_key", 2, "{path}:2:1: episodes: unknown key 'episodes' (did you mean 'episode'?)"),
    Row("questions_tag", 2, "{path}:2:1: the tag 'tag:yaml.org,2002:python/object' is not allowed"),
    Row("questions_control_character", 2, "{path}:5:17: the control character U+0008 is not allowed"),
    Row("questions_second_document", 2, "{path}:2:1: a second YAML document starts here ('---')"),
    Row("questions_symlink_loop", 2, "{path}: is a symbolic link that loops (it points, in the end, back at itself); give the path of the question set itself."),
    Row("questions_not_a_mapping", 2, "{path}:1:1: a question set is a mapping (version:, period:, episode:"),
    # --- rules files (deadlines --rules) -----------------------------------------------------
    Row("rules_unknown_key", 2, "{path}:9:5: rules[0].colour: unknown key 'colour'"),
    Row("rules_huge_amount", 2, "{path}:5:13: rules[0].amount: must be at most 10000"),
    Row("rules_negative_amount", 2, "{path}:5:13: rules[0].amount: must be at least 0, got -5"),
    Row("rules_bool_amount", 2, "{path}:5:13: rules[0].amount: expected a whole number, got yes or no (true/false)"),
    Row("rules_builtin_without_source", 2, "{path}:2:5: rules[0]: this rule changes the built-in rule 'notification', so it needs its own 'source:'"),
    Row("rules_twice", 2, "{path}:5:9: rules[1].id: rule 'notification' is given twice (first at line 2)"),
    Row("rules_not_a_list", 2, "{path}:1:8: rules: expected a list (lines starting with '- '), got a text"),
    Row("rules_tag", 2, "{path}:1:8: the tag 'tag:yaml.org,2002:python/object/new:list' is not allowed"),
    Row("rules_second_document", 2, "{path}:2:1: a second YAML document starts here ('---')"),
    Row("rules_named_pipe", 2, "{path}: is a named pipe, not a file; reviewkit reads only files saved on disk. Save the rules file as a file"),
    Row("rules_bom_crlf", 0, "3 working days after awareness Source: Ours"),
    # --- wording templates (build --templates) ----------------------------------------------
    Row("templates_syntax_error", 2, "{path}/lcspr/overview.j2:3: template error: Unexpected end of template."),
    Row("templates_undefined", 2, "{path}/lcspr/overview.j2:1: template error: 'nothing_here' is undefined"),
    Row("templates_os_system", 2, "{path}/lcspr/overview.j2:1: template error: access to attribute '__class__' of 'str' object is unsafe"),
    Row("templates_divide_by_zero", 2, "{path}/lcspr/overview.j2:3: template error: integer division or modulo by zero"),
    Row("templates_not_utf8", 2, "{path}/lcspr/overview.j2:1: the template is not UTF-8 text (byte 0xe9)"),
    Row("templates_includes_itself", 2, "{path}/lcspr/overview.j2:1: template error: maximum recursion depth exceeded"),
    Row("templates_huge_string", 2, "{path}/lcspr/overview.j2:1: template error: '*' would make 10,000,000,000 characters or items, more than 1,000,000"),
    Row("templates_huge_range", 2, "{path}/lcspr/overview.j2:1: template error: Range too big."),
    Row("templates_named_pipe", 2, "{path}/lcspr/overview.j2: is a named pipe, not a file"),
    Row("templates_is_a_file", 2, "--templates {path}: the folder is not a folder"),
    # --- reference documents (build -f docx --reference-doc) --------------------------------
    Row("refdoc_not_a_zip", 2, "{path}: the reference document is not a Word file; save it from Word"),
    Row("refdoc_zip_bomb", 2, "{path}: unpacks to more than the 64 MB reviewkit reads in one Word file"),
    Row("refdoc_huge_part", 2, "{path}: unpacks to more than the 64 MB reviewkit reads in one Word file"),
    Row("refdoc_no_body", 2, "{path}: the reference document has no body"),
    Row("refdoc_bad_xml", 2, "{path}: the reference document is not a Word document this tool can read (in word/document.xml: Premature end of data"),
    Row("refdoc_no_main_part", 2, "{path}: the reference document is not a Word document this tool can read"),
    Row("refdoc_bad_styles", 2, "{path}: the reference document is not a Word document this tool can read (in word/styles.xml: Namespace prefix w on styles is not defined"),
    Row("refdoc_entities", 2, "{path}: the reference document is not a Word document this tool can read (in word/document.xml: Maximum entity amplification"),
    Row("refdoc_too_big", 2, "{path}: 200 MB is larger than the 64 MB reviewkit reads"),
    Row("refdoc_named_pipe", 2, "{path}: is a named pipe, not a file; reviewkit reads only files saved on disk. Save the reference document as a file"),
    Row("refdoc_symlink_loop", 2, "{path}: is a symbolic link that loops (it points, in the end, back at itself); give the path of the reference document itself."),
    # --- returned chronologies: CSV (import) --------------------------------------------------
    Row("police_extra_cells", 2, "{path}:2: this row has 7 cells but the header row (row 1) has 6"),
    Row("police_unbalanced_quote", 2, '{path}:3: a quote (") opens a cell on this row and is never closed'),
    Row("police_text_after_quote", 2, '{path}:4: text follows the closing quote (") of a cell on this row'),
    Row("police_quote_inside_cell", 2, '{path}:2: text follows the closing quote (") of a cell on this row'),
    Row("police_fewer_cells", 2, "{path}:3: this row has 3 cells but the header row (row 1) has 6"),
    Row("police_date_overflow", 2, "{path}:2: column 'Date of contact': '14/03/9999' is not a date: year 9999 is out of range (1900 to 2100)"),
    Row("police_empty", 2, "{path}: no chronology found"),
    Row("police_no_date_column", 2, "{path}: no chronology found"),
    Row("police_nul_bytes", 2, "{path}: this is not a text (CSV) file"),
    Row("police_binary", 2, "{path}: this is not a text (CSV) file"),
    Row("police_huge", 2, "{path}: 65 MB is larger than the 64 MB reviewkit reads; split the chronology."),
    Row("police_header_only", 0, "(utf-8, comma-separated): header on row 1, 0 rows"),
    Row("police_utf16", 0, "(utf-16, tab-separated): header on row 1, 1 row"),
    Row("police_markup", 0, "[WRI] [/] [name redacted]"),
    # --- returned chronologies: Excel (import) ------------------------------------------------
    Row("xlsx_far_corner_value", 2, "{path}[Chronology]: cell XFD1048576 holds a value"),
    Row("xlsx_huge_shared_string", 2, "{path}: not a readable Excel workbook (in xl/sharedStrings.xml:"),
    Row("xlsx_long_shared_string", 2, "{path}: holds a text of 40,000 characters, longer than the 32,767"),
    Row("xlsx_row_past_the_end", 2, "{path}: not a readable Excel workbook (in xl/worksheets/sheet1.xml: row 1,048,577 is past the last row"),
    Row("xlsx_bad_sheet_xml", 2, "{path}: not a readable Excel workbook (in xl/worksheets/sheet1.xml:"),
    Row("xlsx_too_many_rows", 2, "{path}[Chronology]: row 100,001 holds a value, and reviewkit reads the first 100,000 rows"),
    Row("xlsx_three_million_rows", 2, "{path}: unpacks to more than the 128 MB reviewkit reads in one Excel workbook"),
    Row("xlsx_zip_bomb", 2, "{path}: unpacks to more than the 128 MB reviewkit reads in one Excel workbook"),
    Row("xlsx_not_a_zip", 2, "{path}: not a readable Excel workbook; open it in Excel and save it again"),
    Row("xlsx_entities", 2, "{path}: not a readable Excel workbook (in xl/worksheets/sheet1.xml: Maximum entity amplification"),
    Row("xlsx_no_sheets", 2, "{path}: no chronology found"),
    Row("xlsx_far_corner_styled", 0, "sheet Chronology: header on row 1, 3 rows"),
    Row("xlsx_good", 0, "sheet Chronology: header on row 1, 3 rows"),
    # --- files to scan: Word, PDF, text -------------------------------------------------------
    Row("docx_bad_xml", 2, "{path}: not a readable Word file (XMLSyntaxError)"),
    Row("docx_no_body", 2, "{path}: not a readable Word file; is it a .docx?"),
    Row("docx_zip_bomb", 2, "{path}: unpacks to more than the 64 MB reviewkit reads in one Word file"),
    Row("docx_huge_part", 2, "{path}: unpacks to more than the 64 MB reviewkit reads in one Word file"),
    Row("docx_entities", 2, "{path}: not a readable Word file (XMLSyntaxError)"),
    Row("docx_not_a_zip", 2, "{path}: not a readable Word file; is it a .docx?"),
    Row("docx_good", 0, ""),
    Row("docx_leak", 1, "{path}: paragraph 1: Child K: full name"),
    Row("pdf_not_a_pdf", 2, "{path}: pdftotext cannot read this PDF."),
    Row("pdf_truncated", 2, "{path}: pdftotext cannot read this PDF."),
    Row("pdf_huge", 2, "{path}: 257 MB is larger than the 256 MB reviewkit reads"),
    Row("pdf_good", 0, "No leaks found in 1 file."),
    Row("pdf_leak", 1, "{path}: page 1, line 1: Child K: full name"),
    Row("text_not_utf8", 2, "{path}:1: the file is not UTF-8 text (byte 0xe9)"),
    Row("text_huge", 2, "{path}: 65 MB is larger than the 64 MB reviewkit reads"),
    Row("text_leak_markup", 1, "{path}:3:7: Child K: full name"),
    Row("text_long_line", 0, "No leaks found in 1 file."),
]  # fmt: skip
