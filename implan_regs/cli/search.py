"""Search commands: search, index rebuild/status."""

from __future__ import annotations
