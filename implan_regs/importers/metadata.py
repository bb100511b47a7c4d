"""What a document says about itself: its title, a work id made from it, and its dates.

Owns ``implan-regs import`` without ``--work/--title/--date``:

* the title is the document's own heading (the lines before its first título, capítulo or
  artículo; an Akoma Ntoso file's FRBR title), or the name of the regulation its preamble issues;
  printed in capitals, it is written in title case ("Reglamento de Movilidad Urbana");
* the work id is that title as a slug without articles and prepositions
  ("reglamento-movilidad-urbana");
* the version date is the last reform a consolidated text names ("Última reforma publicada DOF
  01-04-2024", or the latest of its reform notes: "(Reformado, P.O. 12-05-2016)"), or the entry into force the first transitorio states ("entrará en vigor el
  1 de noviembre del año 2014"); failing that, the day after (or the n-th day after) the
  publication, the publication or the approval date printed in the text; failing that, for a PDF,
  its creation date, reported as a guess.

>>> spanish_dates("entrará en vigor a partir del primero de Enero del año 2014.")
['2014-01-01']
>>> title_case("REGLAMENTO DE MOVILIDAD URBANA DEL R. AYUNTAMIENTO (IMPLAN)")
'Reglamento de Movilidad Urbana del R. Ayuntamiento (IMPLAN)'
>>> work_id_from_title("Reglamento de Limpieza para el Municipio de Torreón")
'reglamento-limpieza-municipio-torreon'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model.in_force import entry_date, read_rule, spanish_dates
from ..model.numbers import fold
from ..model.tree import Document

_SMALL_WORDS = {"de", "del", "la", "las", "los", "el", "y", "e", "o", "u", "para", "en", "a", "al", "por", "con",
                "sin", "que", "se"}
_DROPPED_IN_ID = _SMALL_WORDS | {"lo"}
#: The longest work id made from a title, in words.
MAX_ID_WORDS = 7
_REGULATION_NAME = re.compile(
    r"\b((?:REGLAMENTO|LEY|C[ÓO]DIGO|BANDO|PLAN|PROGRAMA|DECRETO|ACUERDO|LINEAMIENTOS|NORMA)\b[^.;:,]{4,160})")
_PUBLISHED = re.compile(r"\b(?:publicad[oa]s?|publicaci[óo]n|P\.\s?O\.|Peri[óo]dico\s+Oficial)\b(?P<rest>[^.]{0,160})",
                        re.IGNORECASE)
_LAST_REFORM = re.compile(r"[ÚU]ltima\s+reforma\b(?P<rest>[^\n]{0,120})", re.IGNORECASE)
_APPROVED = re.compile(r"\b(?:aprobad[oa]s?|sesi[óo]n|dado\s+en)\b(?P<rest>[^.]{0,200})", re.IGNORECASE)


@dataclass
class Inferred:
    """Metadata read from the document; ``guesses`` (Spanish) say what was not stated plainly."""

    title: str | None = None
    work: str | None = None
    date: str | None = None
    date_source: str | None = None  # Spanish, for the report: where the date was read
    work_date: str | None = None
    guesses: list[str] = field(default_factory=list)


_WORD_PARTS = re.compile(r"(\W*)(.*?)(\W*)", re.S)  # leading punctuation, the word, trailing


def title_case(text: str) -> str:
    """Capitals -> title case with Spanish small words in lower case; mixed case is kept."""
    text = " ".join(text.split()).strip(" .:-–—")
    if text != text.upper():
        return text
    words = []
    for i, word in enumerate(text.split()):
        parts = _WORD_PARTS.fullmatch(word)
        assert parts is not None  # every string matches: each group may be empty
        before, core, after = parts.groups()
        if "(" in before and ")" in after and len(core) <= 8:
            words.append(word)  # an acronym: (IMPLAN)
        elif i and fold(core.lower()) in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(before + core[:1] + core[1:].lower() + after)
    return " ".join(words)


def work_id_from_title(title: str) -> str:
    words = [w for w in re.split(r"[^0-9a-z]+", fold(title).lower()) if w and w not in _DROPPED_IN_ID]
    return "-".join(words[:MAX_ID_WORDS]) or "documento"


def infer_metadata(doc: Document, path: Path | None = None) -> Inferred:
    found = Inferred()
    found.title = _title(doc)
    found.work = work_id_from_title(found.title) if found.title else None
    _dates(doc, found, path)
    return found


# --------------------------------------------------------------------- title

def _title(doc: Document) -> str | None:
    if doc.meta.title:
        return title_case(doc.meta.title)
    heading = " ".join(line for line in doc.preface if line.strip())
    if heading:
        return title_case(heading)
    for para in doc.preamble[:6]:
        m = _REGULATION_NAME.search(para.text or "")
        if m and m.group(1).isupper():
            return title_case(m.group(1))
    return None


# --------------------------------------------------------------------- dates

def _front_text(doc: Document) -> str:
    return "\n".join([*doc.preface, *(p.text or "" for p in doc.preamble), *doc.conclusions])


def _first_transitorio(doc: Document) -> str:
    blocks = doc.transitorios()
    if not blocks:
        return ""
    first = next((t for t in blocks[0].children if t.kind == "transitional"), None)
    return first.plain_text() if first is not None else ""


def _dates(doc: Document, found: Inferred, path: Path | None) -> None:
    front = _front_text(doc)
    published = _date_after(_PUBLISHED, front)
    approved = _date_after(_APPROVED, front)
    rule = read_rule(_first_transitorio(doc))
    entry = rule.date if rule else None
    relative = rule if rule and not rule.date else None
    last_reform = _date_after(_LAST_REFORM, front)
    if last_reform:
        found.date, found.date_source = last_reform, "última reforma publicada"
    elif entry:
        found.date, found.date_source = entry, "entrada en vigor que fija el primer transitorio"
    elif relative and published:
        found.date = entry_date(relative, published)
        found.date_source = "día de entrada en vigor contado desde la publicación"
    elif published:
        found.date, found.date_source = published, "fecha de publicación"
    elif approved:
        found.date, found.date_source = approved, "fecha de aprobación"
    elif path is not None and path.suffix.lower() == ".pdf" and (created := _pdf_creation_date(path)):
        found.date, found.date_source = created, "fecha de creación del PDF"
        found.guesses.append(f"el texto no dice su fecha; se tomó la de creación del PDF ({created}): "
                             "confírmela con --date")
    noted = max((d for node in doc.walk() for note in node.notes for d in spanish_dates(note)), default=None)
    if noted and (not found.date or noted > found.date):
        found.work_date = published or approved or found.date or noted
        found.date, found.date_source = noted, "última reforma anotada en el texto"
        return
    found.work_date = published or approved or found.date


def _date_after(pattern: re.Pattern, text: str) -> str | None:
    for m in pattern.finditer(text):
        dates = spanish_dates(m.group("rest"))
        if dates:
            return dates[0]
    return None


def _pdf_creation_date(path: Path) -> str | None:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        raw = pdf.get_metadata_dict().get("CreationDate") or ""
    finally:
        pdf.close()
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", raw)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------- manifest

#: Manifest columns (Spanish or English header) -> DocumentMeta field.
MANIFEST_COLUMNS = {"archivo": "file", "file": "file", "obra": "work", "work": "work", "titulo": "title",
                    "title": "title", "fecha": "date", "date": "date", "tipo": "kind", "kind": "kind",
                    "fecha_obra": "work_date", "work_date": "work_date", "publicacion": "published",
                    "published": "published", "decreto": "decree", "decree": "decree"}


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    """``--manifest FILE.csv``: metadata per file (by file name), one row each; a column
    ``archivo`` (or ``file``) and any of ``obra, titulo, fecha, tipo, fecha_obra, publicacion,
    decreto``. Unknown columns or a row without a file are refused naming the line."""
    import csv

    from ..errors import InputError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"no se pudo leer el manifiesto ({exc.strerror})", path=path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"el manifiesto no está en UTF-8 (byte 0x{exc.object[exc.start]:02X} en la posición "
                         f"{exc.start}); guárdelo como «CSV UTF-8»", path=path) from None
    reader = csv.DictReader(text.splitlines())
    header = [fold(h or "").strip().lower() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in MANIFEST_COLUMNS]
    if unknown or "file" not in {MANIFEST_COLUMNS.get(h) for h in header}:
        raise InputError(f"manifiesto: columnas desconocidas {unknown} o falta la columna «archivo»; use "
                         "archivo, obra, titulo, fecha, tipo, fecha_obra, publicacion, decreto", path=path)
    rows: dict[str, dict[str, str]] = {}
    for lineno, row in enumerate(reader, 2):
        values = {MANIFEST_COLUMNS[fold(k or "").strip().lower()]: (v or "").strip() for k, v in row.items() if k}
        name = values.pop("file", "")
        if not name:
            raise InputError(f"manifiesto, línea {lineno}: falta el nombre del archivo", path=path)
        rows[Path(name).name] = {k: v for k, v in values.items() if v}
    return rows
