"""What an import found: counts per level and warnings, as text (Spanish) or JSON.

>>> r = ImportReport(source="x.txt")
>>> r.warn("gap", "falta el artículo 4 (del 3 se pasa al 5)", line=120)
>>> r.has_warnings, r.warnings[0].line
(True, 120)
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..errors import InputError
from ..model.tree import LEVEL_NAMES

#: An import "collapsed" when it recognized fewer than this share of the article headings the
#: source shows (and the source shows at least COLLAPSE_MIN_HEADINGS of them).
COLLAPSE_RATIO = 0.5
COLLAPSE_MIN_HEADINGS = 5
# A line that looks like an article heading even when its accents were garbled:
# "Artículo 5.-", "ARTICULO 5", "ArtÃculo 5", "Art�culo 5", "Art. 5.-".
_ARTICLE_HEADING = re.compile(r"\W{0,3}art(?:\S{0,3}culo|\.)\s*\d+", re.IGNORECASE)


def count_article_headings(texts) -> int:
    """How many of ``texts`` (source lines) start like a numbered article heading."""
    return sum(1 for text in texts if _ARTICLE_HEADING.match(text))


def check_collapse(result, lines) -> None:
    """Compare the articles an import recognized with the article headings its source lines show,
    and warn when no provision at all was recognized (everything went to the preamble)."""
    visible = count_article_headings(line.text for line in lines)
    result.report.check_article_count(visible, len(result.document.articles()))
    document = result.document
    if not document.body and document.preamble:
        size = sum(len(node.plain_text()) for node in document.preamble)
        result.report.warnings.insert(0, ImportWarning(
            "structure", "no se reconoció ninguna disposición (artículo, capítulo ni transitorio): todo el "
                         f"texto ({_thousands(size)} caracteres) quedó en el preámbulo"))


def check_text_kept(result, source_text: str) -> None:
    """Warn first when the document holds far less text than its source (a parser that gave up)."""
    source = _letters(source_text)
    kept = _document_letters(result.document)
    if source >= KEPT_MIN_LETTERS and kept < source * KEPT_RATIO:
        result.report.warnings.insert(0, ImportWarning(
            "lost", f"¡ATENCIÓN! el documento conserva {_thousands(kept)} de las {_thousands(source)} letras "
                    "del archivo: parte del texto no se importó"))


#: An import "lost text" when its document keeps less than this share of the source's letters.
KEPT_RATIO = 0.5
KEPT_MIN_LETTERS = 200
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def _document_letters(document) -> int:
    count = 0
    for part in ("preface", "preamble", "body", "conclusions"):
        for top in getattr(document, part, None) or []:
            if isinstance(top, str):
                count += _letters(top)
                continue
            for node in top.walk():
                count += sum(_letters(getattr(node, name, None) or "")
                             for name in ("num", "heading", "subheading", "text"))
                if node.table is not None:
                    count += sum(_letters(cell) for row in node.table.rows for cell in row)
    return count


def _letters(text: str) -> int:
    return len(_NOT_LETTERS.sub("", text))


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


@dataclass
class ImportWarning:
    code: str  # gap | duplicate | order | unplaced | suspicious | ...
    message: str  # Spanish, user-facing
    line: int | None = None
    page: int | None = None  # the PDF page, when the source has pages


@dataclass
class ImportReport:
    source: str = ""
    format: str = ""
    encoding: str = ""  # text formats: the encoding the source was read in ("UTF-8", "Windows-1252")
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[ImportWarning] = field(default_factory=list)
    #: (article headings the source shows, articles recognized) when the import collapsed
    collapse: tuple[int, int] | None = None

    def warn(self, code: str, message: str, *, line: int | None = None) -> None:
        self.warnings.append(ImportWarning(code, message, line))

    def check_article_count(self, visible: int, found: int) -> None:
        """Warn first and loudly when far fewer articles were recognized than the source shows
        article headings (a wrong encoding or a broken layout swallowed them into text)."""
        if visible >= COLLAPSE_MIN_HEADINGS and found < visible * COLLAPSE_RATIO:
            self.collapse = (visible, found)
            self.warnings.insert(0, ImportWarning(
                "collapse", f"¡ATENCIÓN! el texto muestra {visible} encabezados de artículo pero solo se "
                            f"reconocieron {found} artículos: revise la codificación y la estructura del "
                            "archivo antes de usar esta importación"))

    def refuse_collapse(self, path: object) -> None:
        """InputError when the import collapsed (see :meth:`check_article_count`): storing it would
        lose most of the text's articles silently."""
        if self.collapse:
            visible, found = self.collapse
            raise InputError(f"el texto muestra {visible} encabezados de artículo pero solo se reconocieron "
                             f"{found} artículos; no se guardó nada (revise la codificación y la estructura del "
                             "archivo, o use --partial para importarlo así)", path=path)

    @property
    def has_warnings(self) -> bool:
        return bool(self.warnings)

    def to_json(self) -> dict:
        return {"source": self.source, "format": self.format, "encoding": self.encoding or None,
                "counts": dict(self.counts),
                "warnings": [{k: v for k, v in asdict(w).items() if k != "page" or v is not None}
                             for w in self.warnings]}

    def format_text(self) -> str:
        lines = [f"Importación de {self.source} ({self.format})"]
        if self.encoding:
            lines.append(f"  Codificación: {self.encoding}")
        for level, n in self.counts.items():
            lines.append(f"  {LEVEL_NAMES.get(level, level)}: {n}")
        if self.warnings:
            lines.append(f"Advertencias ({len(self.warnings)}):")
            for w in self.warnings:
                where = (f"página {w.page}, " if w.page else "") + (f"línea {w.line}: " if w.line else "")
                lines.append(f"  - {where}{w.message}")
        else:
            lines.append("Sin advertencias.")
        return "\n".join(lines)
