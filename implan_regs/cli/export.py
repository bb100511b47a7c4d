"""Export commands: DOCX documents lawyers hand over."""

from __future__ import annotations
