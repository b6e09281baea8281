"""Agency chronologies in and out: request templates, spreadsheet import, duplicate merging.

- `headers`: the columns a chronology has, and the many ways agencies head them.
- `reader`: XLSX and CSV files as rows of cell values (encodings, delimiters, merged cells).
- `cells`: one cell's text or value as an event's date, time, yes/no, people or type.
- `importer`: returned chronologies into the case's events, with provenance on every event.
- `duplicates`: events that several agencies recorded, and merging them into one.
- `events`: events as case-file data, their sources and import fingerprints.
- `template`: the request an agency fills in (XLSX or CSV).

openpyxl and ruamel.yaml are imported inside the functions that need them.
"""
