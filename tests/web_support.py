"""The corpus, accounts and helpers shared by the web tests (tests/test_web*.py, tests/e2e/).

The corpus is the sample regulation (corpus/, always present) in its two versions, the law of the
institute, the demo's proposal ``reforma-2021`` (shared with Obras Públicas) and a draft that is
shared with nobody, plus two observations from two departments.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from implan_regs.accounts import shares
from implan_regs.accounts.users import add_user
from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta
from implan_regs.observations import NewObservation, add
from implan_regs.reform import service as reform
from implan_regs.store import Store

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT / "corpus"
WORK = "reglamento-desarrollo-urbano"
PID = "reforma-2021"
HIDDEN = "borrador-interno"
DGOP = "Dirección General de Obras Públicas"
DGMA = "Dirección General de Medio Ambiente"
CHAPTER = ("CAPÍTULO III\nDE LA ACCESIBILIDAD UNIVERSAL\n\nArtículo 52 Bis.- Las edificaciones de uso público "
           "deberán garantizar la accesibilidad de las personas con discapacidad.\n\nArtículo 52 Ter.- La "
           "Dirección no expedirá la Licencia de Construcción sin la verificación del proyecto de accesibilidad.")
#: username -> (role, name, department, password)
ACCOUNTS = {
    "admin": ("administrador", "Administración", None, "admin-clave-segura"),
    "juridico": ("jurídico", "Lic. Ana Martínez", None, "juridico-clave-segura"),
    "comision": ("comisión", "Reg. Marta Ríos", None, "comision-clave-segura"),
    "obras": ("dependencia", "Ing. Roberto Castañeda", DGOP, "obras-clave-segura"),
    "medio": ("dependencia", "Biól. Laura Ibarra", DGMA, "medio-clave-segura"),
    "lector": ("lector", "Consulta", None, "lector-clave-segura"),
}


def build_root(root: Path) -> Path:
    store = Store.init(root)
    for date in ("2015-12-20", "2019-03-16"):
        meta = DocumentMeta(work=WORK, kind="reglamento", title="Reglamento de Desarrollo Urbano de Torreón",
                            date=date, entry_into_force=date,
                            decree="Decreto de reforma 2019" if date == "2019-03-16" else None)
        store.save_expression(import_path(CORPUS / f"{WORK}@{date}.txt", meta).document, author="carga")
    meta = DocumentMeta(work="ley-implan", kind="ley", title="Ley que crea el Instituto Municipal de Planeación",
                        date="2015-04-25", entry_into_force="2015-04-25")
    store.save_expression(import_path(CORPUS / "ley-implan.txt", meta).document, author="carga")
    reform.new_proposal(store, f"{WORK}@2019-03-16", PID, "Reforma de movilidad 2021", author="Lic. Ana Martínez")
    reform.operate(store, PID, "reformar", citation="párrafo primero del artículo 30",
                   text="La constancia de alineamiento y número oficial tendrá una vigencia de dos años contados "
                        "a partir de su expedición.", reason="Simplificación administrativa.")
    reform.operate(store, PID, "adicionar", after="artículo 45 Bis",
                   text="Los estacionamientos de más de cincuenta cajones destinarán el dos por ciento de sus "
                        "cajones a la recarga de vehículos eléctricos.", reason="Movilidad de bajas emisiones.")
    reform.operate(store, PID, "adicionar", after="título cuarto capítulo II", text=CHAPTER,
                   reason="Accesibilidad universal.")
    reform.operate(store, PID, "derogar", citation="artículo 50 fracción II", reason="Atlas de Riesgos.")
    reform.set_status(store, PID, "en revisión")
    reform.new_proposal(store, WORK, HIDDEN, "Borrador interno confidencial", author="Lic. Ana Martínez")
    reform.operate(store, HIDDEN, "reformar", citation="artículo 1", text="Texto confidencial del borrador.")
    for username, (role, name, department, password) in ACCOUNTS.items():
        add_user(store, username, password=password, role=role, name=name, department=department, author="prueba")
    shares.share(store, PID, DGOP, author="prueba")
    add(store, PID, NewObservation("artículo 45 Ter", DGOP, "Aplicar también a edificios públicos.", "2021-05-04",
                                   author="Ing. Roberto Castañeda"), author="prueba")
    add(store, PID, NewObservation("artículo 52 Bis", DGMA, "Observación reservada de Medio Ambiente.", "2021-05-05",
                                   author="Biól. Laura Ibarra"), author="prueba")
    return root


def copy_root(template: Path, dest: Path) -> Path:
    shutil.copytree(template, dest, ignore=shutil.ignore_patterns(".lock", ".index"))
    return dest


_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)
