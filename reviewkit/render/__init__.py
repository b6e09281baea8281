"""Renderers: each walks a `reviewkit.document.Document` and writes one output format.

markdown.py renders Markdown text; the build registry (reviewkit/build.py) names every format.
"""

from __future__ import annotations
