"""The observations report: counts by department × status, open items, overdue, to re-anchor.

:func:`build_report` returns plain JSON-ready data (``observe report --json`` prints it as is);
:func:`render_report` is the text table.

>>> from .model import Observation, Target
>>> def obs(n, dep, status):
...     return Observation(id=f"OBS-000{n}", subject="p", subject_type="propuesta", work="w", department=dep,
...                        text="…", received="2021-05-03", kind="fondo", due="2021-05-24", status=status,
...                        target=Target(eid="art_1", label="artículo 1"))
>>> data = build_report([obs(1, "Obras Públicas", "pendiente"), obs(2, "Obras Públicas", "atendida")],
...                     on="2021-06-01")
>>> data["departments"][0]["counts"]["pendiente"], data["totals"]["overdue"], data["overdue"][0]["id"]
(1, 1, 'OBS-0001')
"""

from __future__ import annotations

from collections import Counter

from .model import STATUSES, Observation, today


def _summary(obs: Observation, on: str) -> dict:
    return {"id": obs.id, "department": obs.department, "provision": obs.target.label, "eId": obs.target.eid,
            "status": obs.status, "kind": obs.kind, "received": obs.received, "due": obs.due,
            "days_overdue": obs.days_overdue(on), "text": obs.text,
            "anchor": obs.target.anchor_status, "problem": obs.target.problem}


def build_report(observations: list[Observation], *, on: str | None = None, subject: str | None = None) -> dict:
    on = on or today()
    departments: dict[str, Counter] = {}
    for obs in observations:
        departments.setdefault(obs.department, Counter())[obs.status] += 1
    rows = []
    for name in sorted(departments):
        mine = [o for o in observations if o.department == name]
        rows.append({"department": name, "counts": {s: departments[name].get(s, 0) for s in STATUSES},
                     "total": len(mine), "open": sum(o.is_open for o in mine),
                     "overdue": sum(o.is_overdue(on) for o in mine)})
    open_items = [o for o in observations if o.is_open]
    overdue = sorted((o for o in open_items if o.is_overdue(on)), key=lambda o: (-o.days_overdue(on), o.number))
    return {
        "subject": subject, "on": on, "statuses": list(STATUSES), "departments": rows,
        "totals": {"total": len(observations), **{s: sum(o.status == s for o in observations) for s in STATUSES},
                   "open": len(open_items), "overdue": len(overdue),
                   "needs_reanchoring": sum(not o.target.anchored for o in observations),
                   "forma": sum(o.kind == "forma" for o in observations),
                   "fondo": sum(o.kind == "fondo" for o in observations)},
        "open": [_summary(o, on) for o in open_items],
        "overdue": [_summary(o, on) for o in overdue],
        "needs_reanchoring": [_summary(o, on) for o in observations if not o.target.anchored],
    }


SHORT = {"pendiente": "Pend.", "en análisis": "Análisis", "atendida": "Atendida",
         "atendida parcialmente": "Parcial", "justificada": "Justif."}


def render_report(data: dict) -> str:
    """The report as a text table plus the lists of overdue items and items to re-anchor."""
    statuses = data["statuses"]
    width = max([len("Dependencia")] + [len(r["department"]) for r in data["departments"]])
    head = f"{'Dependencia':<{width}}  " + "  ".join(f"{SHORT[s]:>8}" for s in statuses) + "     Total  Vencidas"
    lines = [f"Observaciones de {data['subject']} al {data['on']}", head, "-" * len(head)]
    for row in data["departments"]:
        cells = "  ".join(f"{row['counts'][s]:>8}" for s in statuses)
        lines.append(f"{row['department']:<{width}}  {cells}  {row['total']:>8}  {row['overdue']:>8}")
    totals = data["totals"]
    lines.append("-" * len(head))
    cells = "  ".join(f"{totals[s]:>8}" for s in statuses)
    lines.append(f"{'Total':<{width}}  {cells}  {totals['total']:>8}  {totals['overdue']:>8}")
    lines.append(f"Abiertas: {totals['open']}  ·  forma: {totals['forma']}, fondo: {totals['fondo']}"
                 f"  ·  requieren reanclaje: {totals['needs_reanchoring']}")
    if data["overdue"]:
        lines.append("Vencidas:")
        lines += [f"  {o['id']}  {o['provision']}  {o['department']}  vencía {o['due']} "
                  f"({o['days_overdue']} {'día' if o['days_overdue'] == 1 else 'días'})" for o in data["overdue"]]
    if data["needs_reanchoring"]:
        lines.append("Requieren reanclaje:")
        lines += [f"  {o['id']}  {o['provision']}: {o['problem']}" for o in data["needs_reanchoring"]]
    return "\n".join(lines)
