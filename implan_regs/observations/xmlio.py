"""Observation <-> XML: one small file per observation, described by ``schemas/implan-observations.xsd``.

Read back with the project's hardened parser (:mod:`implan_regs.xmlsafe`);
:func:`validate_observation_bytes` checks a file against the schema.

>>> from .model import Event, Observation, Resolution, Target
>>> target = Target(eid="art_30", label="artículo 30", quote="…", state="3f2a", original_eid="art_30",
...                 original_label="artículo 30")
>>> obs = Observation(id="OBS-0001", subject="reforma-2021", subject_type="propuesta", work="rdu",
...                   department="Dirección General de Obras Públicas", text="Precisar el plazo.",
...                   received="2021-05-03", kind="forma", due="2021-05-24", target=target,
...                   created="2021-05-03T10:00:00-06:00", created_by="ana",
...                   history=[Event("alta", "2021-05-03T10:00:00-06:00", "ana", after="pendiente")])
>>> data = observation_to_xml(obs)
>>> validate_observation_bytes(data)
[]
>>> validate_observation_bytes(data.replace(b'status="pendiente"', b'status="aprobada"'))[0][:60]
"2: Element '{urn:implan-regs:observation:1.0}observation', a"
>>> observation_from_xml(data).target.label
'artículo 30'
"""

from __future__ import annotations

import threading
from functools import cache

from lxml import etree

from ..errors import ImplanError, InputError
from ..xmlsafe import parse_xml
from .model import Event, Observation, Resolution, Target

NS = "urn:implan-regs:observation:1.0"
O = f"{{{NS}}}"  # noqa: E741 - namespace prefix, as P in reform.xmlio
XSD_NAME = "implan-observations.xsd"

_ROOT_ATTRS = {"id": "id", "subject": "subject", "subjectType": "subject_type", "work": "work",
               "kind": "kind", "status": "status", "received": "received", "due": "due",
               "created": "created", "createdBy": "created_by", "source": "source"}
_TARGET_ATTRS = {"eId": "eid", "label": "label", "level": "level", "citation": "citation", "state": "state",
                 "originalEId": "original_eid", "originalLabel": "original_label", "candidate": "candidate"}
_EVENT_ATTRS = ("type", "time", "author", "before", "after")
_RESOLUTION_ATTRS = ("by", "decision", "date", "author")
# lxml schema objects keep their error log on the object: serialise their use across threads.
_LOCK = threading.RLock()


def _set(el: etree._Element, **attrs: str | None) -> etree._Element:
    for key, value in attrs.items():
        if value is not None and value != "":
            el.set(key, value)
    return el


def _text(parent: etree._Element, tag: str, text: str | None) -> etree._Element | None:
    if text is None:
        return None
    el = etree.SubElement(parent, O + tag)
    el.text = text
    return el


def observation_to_xml(obs: Observation) -> bytes:
    root = _set(etree.Element(O + "observation", nsmap={None: NS}),
                **{xml: getattr(obs, attr) for xml, attr in _ROOT_ATTRS.items()})
    _text(root, "department", obs.department)
    _text(root, "author", obs.author)
    _text(root, "text", obs.text)
    _target(root, obs.target)
    if obs.response is not None or obs.answered or obs.change:
        el = _text(root, "response", obs.response or "")
        assert el is not None
        _set(el, responder=obs.responder, date=obs.answered, change=obs.change)
    if obs.resolution is not None:
        el = _text(root, "resolution", obs.resolution.reason)
        assert el is not None
        _set(el, **{a: getattr(obs.resolution, a) for a in _RESOLUTION_ATTRS})
    history = etree.SubElement(root, O + "history")
    for event in obs.history:
        el = _set(etree.SubElement(history, O + "event"), **{a: getattr(event, a) for a in _EVENT_ATTRS})
        if event.note:
            el.text = event.note
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _target(root: etree._Element, target: Target) -> None:
    el = _set(etree.SubElement(root, O + "target"), **{xml: getattr(target, a) for xml, a in _TARGET_ATTRS.items()})
    el.set("anchored", "true" if target.anchored else "false")
    _text(el, "quote", target.quote)
    _text(el, "problem", target.problem)


def _child(el: etree._Element, tag: str) -> str | None:
    child = el.find(O + tag)
    return (child.text or "") if child is not None else None


def observation_from_xml(data: bytes, *, source: object = "<observación>") -> Observation:
    root = parse_xml(data, source=source)
    if root.tag != O + "observation":
        raise InputError("no es una observación de implan-regs", path=source)
    try:
        target_el = root.find(O + "target")
        if target_el is None:
            raise ValueError("falta <target>")
        target = Target(**{a: target_el.get(xml) for xml, a in _TARGET_ATTRS.items() if target_el.get(xml)},
                        anchored=target_el.get("anchored") != "false",
                        quote=_child(target_el, "quote") or "", problem=_child(target_el, "problem"))
        obs = Observation(**{a: root.get(xml) for xml, a in _ROOT_ATTRS.items() if root.get(xml) is not None},
                          department=_child(root, "department") or "", author=_child(root, "author"),
                          text=_child(root, "text") or "", target=target)
        response = root.find(O + "response")
        if response is not None:
            obs.response, obs.responder = response.text or "", response.get("responder")
            obs.answered, obs.change = response.get("date"), response.get("change")
        resolution = root.find(O + "resolution")
        if resolution is not None:
            obs.resolution = Resolution(**{a: resolution.get(a) for a in _RESOLUTION_ATTRS},
                                        reason=resolution.text or "")
        for el in root.iterfind(f"{O}history/{O}event"):
            obs.history.append(Event(**{a: el.get(a) for a in _EVENT_ATTRS}, note=el.text or None))
    except (TypeError, ValueError) as exc:
        raise InputError(f"observación dañada: {exc}", path=source) from None
    return obs


# ------------------------------------------------------------------ schema

@cache
def observation_schema() -> etree.XMLSchema:
    from ..schemas import schemas_dir

    path = schemas_dir() / XSD_NAME
    with _LOCK:
        try:
            return etree.XMLSchema(parse_xml(path.read_bytes(), source=path))
        except (OSError, etree.XMLSchemaParseError) as exc:
            raise ImplanError(f"esquema de observaciones inválido o ausente: {exc}", path=path) from None


def validate_observation_bytes(data: bytes, *, source: object = "<observación>") -> list[str]:
    """Problems of one observation file against ``implan-observations.xsd`` ([] when valid)."""
    root = parse_xml(data, source=source)
    schema = observation_schema()
    with _LOCK:
        if schema.validate(root):
            return []
        return [f"{entry.line}: {entry.message}" for entry in schema.error_log]


