"""The review report (``export REF --as review-report``): the findings of a revisión de técnica
jurídica (:mod:`implan_regs.review`) by article, ready for the legal review — one table per
article with the provision, the severity, the rule, the quoted words, the explanation and the
proposed correction."""

from __future__ import annotations

from collections import Counter

from ..model.dates import spanish_date
from ..plurals import counted
from ..review import FAMILY_NAMES
from ..review.model import Finding, Review, Severity
from . import oxml
from .base import Builder

HEADERS = ("No.", "Disposición", "Gravedad", "Texto", "Observación", "Corrección propuesta")
SHARES = (5, 16, 11, 20, 32, 16)  # column widths, per cent
SHADES = {Severity.ERROR: "F4CCCC", Severity.ADVERTENCIA: "FFF2CC", Severity.SUGERENCIA: None}


def build(review: Review) -> bytes:
    builder = Builder(review.title, landscape=True)
    builder.para("REVISIÓN DE TÉCNICA JURÍDICA", "DecretoTitulo")
    builder.para(review.title, "Subtitle")
    dated = f"texto vigente al {spanish_date(review.date)}" if review.date else "texto sin fecha"
    builder.para(f"{review.ref} — {dated}; {counted(review.articles, 'artículo')}", "Portada")
    counts = review.counts()
    builder.para(f"{counted(len(review.findings), 'hallazgo')}: {counted(counts['error'], 'error')}, "
                 f"{counted(counts['advertencia'], 'advertencia')}, {counted(counts['sugerencia'], 'sugerencia')}. "
                 f"Familias revisadas: {', '.join(FAMILY_NAMES[f] for f in review.families)}.", "Leyenda")
    if not review.findings:
        builder.para("No se encontraron hallazgos.", "Leyenda")
    else:
        builder.para("Resumen por regla", "Heading2")
        builder.add(_summary(review.findings, builder.width))
    widths = [builder.width * s // 100 for s in SHARES]
    number = 0
    for article, findings in _by_article(review.findings):
        builder.para(f"{article[:1].upper()}{article[1:]} ({len(findings)})", "Heading2")
        rows = [_header()]
        for finding in findings:
            number += 1
            rows.append(_row(number, finding))
        builder.add(oxml.table(rows, widths, header_rows=1))
    return builder.to_bytes()


def _summary(findings: list[Finding], width: int) -> str:
    """One row per rule: its family, severity and how many findings (the most frequent first)."""
    counts = Counter((f.rule, f.severity) for f in findings)
    header = oxml.header_cells(("Regla", "Familia", "Gravedad", "Hallazgos"))
    rows = [[oxml.Cell(oxml.paragraph(oxml.run(text), "Celda")) for text in
             (rule, FAMILY_NAMES.get(rule.split(".")[0], ""), severity.value, str(n))]
            for (rule, severity), n in sorted(counts.items(), key=lambda item: (item[0][1].rank, -item[1], item[0][0]))]
    return oxml.table([header] + rows, [width * 35 // 100, width * 35 // 100, width * 15 // 100, width * 15 // 100],
                      header_rows=1)


def _by_article(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.article or finding.citation, []).append(finding)
    return list(groups.items())


def _header() -> list[oxml.Cell]:
    return oxml.header_cells(HEADERS)


def _row(number: int, finding: Finding) -> list[oxml.Cell]:
    texts = (str(number), finding.citation, finding.severity.value, f"«{finding.quote}»",
             f"{finding.explanation} [{finding.rule}]", finding.proposed or "—")
    shade = SHADES[finding.severity]
    return [oxml.Cell(oxml.paragraph(oxml.run(text, bold=i == 2) if text else "", "Celda"), shade if i == 2 else None)
            for i, text in enumerate(texts)]
