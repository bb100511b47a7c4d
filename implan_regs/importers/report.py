"""What an import found: counts per level and warnings, as text (Spanish) or JSON.

>>> r = ImportReport(source="x.txt")
>>> r.warn("gap", "falta el artículo 4 (del 3 se pasa al 5)", line=120)
>>> r.has_warnings, r.warnings[0].line
(True, 120)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..model.tree import LEVEL_NAMES


@dataclass
class ImportWarning:
    code: str  # gap | duplicate | order | unplaced | suspicious | ...
    message: str  # Spanish, user-facing
    line: int | None = None


@dataclass
class ImportReport:
    source: str = ""
    format: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[ImportWarning] = field(default_factory=list)

    def warn(self, code: str, message: str, *, line: int | None = None) -> None:
        self.warnings.append(ImportWarning(code, message, line))

    @property
    def has_warnings(self) -> bool:
        return bool(self.warnings)

    def to_json(self) -> dict:
        return {"source": self.source, "format": self.format, "counts": dict(self.counts),
                "warnings": [asdict(w) for w in self.warnings]}

    def format_text(self) -> str:
        lines = [f"Importación de {self.source} ({self.format})"]
        for level, n in self.counts.items():
            lines.append(f"  {LEVEL_NAMES.get(level, level)}: {n}")
        if self.warnings:
            lines.append(f"Advertencias ({len(self.warnings)}):")
            for w in self.warnings:
                where = f"línea {w.line}: " if w.line else ""
                lines.append(f"  - {where}{w.message}")
        else:
            lines.append("Sin advertencias.")
        return "\n".join(lines)
