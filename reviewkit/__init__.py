"""reviewkit: build child safeguarding practice reviews from a YAML case file."""

from __future__ import annotations

__version__ = "0.1.0"
