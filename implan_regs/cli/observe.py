"""Observation commands: observe add/import/list/answer/report."""

from __future__ import annotations
