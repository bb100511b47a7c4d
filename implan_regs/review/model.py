"""What a review produces: findings, each anchored to one provision.

A :class:`Finding` names the rule that found it (``numeracion.hueco``), its :class:`Severity`,
the provision (eId and its citation as people write it), the quoted text, a Spanish
explanation and, when the fix is mechanical, a :class:`Replacement` of one span of the
provision's own text (or of its number or heading). :class:`Review` is the whole result.

>>> f = Finding("forma.palabra-duplicada", Severity.SUGERENCIA, "art_3", "artículo 3", "de de",
...             "Palabra repetida.", Replacement("text", 10, 15, "de"))
>>> f.family, f.to_json()["gravedad"], f.mechanical
('forma', 'sugerencia', True)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How sure and how serious: an error is wrong law; an advertencia needs a lawyer's look;
    a sugerencia is style."""

    ERROR = "error"
    ADVERTENCIA = "advertencia"
    SUGERENCIA = "sugerencia"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True)
class Replacement:
    """Replace ``[start:end]`` of the provision's ``field`` ('text', 'num' or 'heading') with ``new``."""

    field: str
    start: int
    end: int
    new: str


@dataclass
class Finding:
    rule: str  # 'familia.regla'
    severity: Severity
    eid: str
    citation: str  # 'fracción III del artículo 8'
    quote: str  # the words the finding is about
    explanation: str  # Spanish, for the lawyer
    replacement: Replacement | None = None
    article: str = ""  # the citation of the article (or transitorio) holding it; the container's own otherwise

    @property
    def family(self) -> str:
        return self.rule.split(".", 1)[0]

    @property
    def proposed(self) -> str:
        """The proposed correction as a reader sees it: '«CAPÍTULO»', '(se suprime)'; '' when none."""
        if self.replacement is None:
            return ""
        return f"«{self.replacement.new}»" if self.replacement.new else "(se suprime)"

    @property
    def mechanical(self) -> bool:
        return self.replacement is not None

    def to_json(self) -> dict:
        data: dict[str, object] = {"regla": self.rule, "familia": self.family, "gravedad": self.severity.value, "eId": self.eid,
                "disposicion": self.citation, "articulo": self.article or self.citation, "cita": self.quote, "explicacion": self.explanation}
        if self.replacement is not None:
            r = self.replacement
            data["reemplazo"] = {"campo": r.field, "inicio": r.start, "fin": r.end, "texto": r.new}
        return data


@dataclass
class Review:
    """The findings on one text (a version in force or a proposal's draft), in text order."""

    ref: str
    title: str
    date: str | None  # the date the text was judged at (external references depend on it)
    articles: int
    families: list[str]
    findings: list[Finding] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counted = Counter(f.severity.value for f in self.findings)
        return {s.value: counted.get(s.value, 0) for s in Severity}

    def per_hundred_articles(self, severity: Severity) -> float:
        n = sum(1 for f in self.findings if f.severity is severity)
        return 100.0 * n / max(self.articles, 1)

    def to_json(self) -> dict:
        return {"referencia": self.ref, "titulo": self.title, "fecha": self.date, "articulos": self.articles,
                "familias": self.families, "totales": self.counts(),
                "hallazgos": [f.to_json() for f in self.findings]}
