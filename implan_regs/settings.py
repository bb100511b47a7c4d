"""The texts an institute keeps in its own store to adjust the library: its días inhábiles, its
preamble template for decrees and its table of external references.

On the file store they are files at the root an administrator may edit by hand; on PostgreSQL
they are rows like every stored file, so ``implan-regs settings set`` is the way to put them
there (on either backend: it checks the text first, and the history records who changed what).

=========================  =========================================  ==========================
name                       stored as                                  read by
=========================  =========================================  ==========================
``dias-inhabiles``         ``dias-inhabiles.txt``                     :mod:`implan_regs.business_days`
``preambulo``              ``plantillas/preambulo-<jurisdicción>.txt``  :func:`implan_regs.reform.drafting.preamble`
``referencias-externas``   ``referencias_externas.txt``               :mod:`implan_regs.review.external`
=========================  =========================================  ==========================

>>> import tempfile
>>> from implan_regs.store import Store
>>> store = Store.init(tempfile.mkdtemp())
>>> put(store, "dias-inhabiles", b"2025-03-17  # natalicio\\n", author="ana")
'dias-inhabiles.txt'
>>> [(s["name"], s["stored"]) for s in listing(store)][0]
('dias-inhabiles', True)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .business_days import MUNICIPAL_FILE, parse_municipal_list
from .errors import InputError
from .reform.drafting import DEFAULT_MUNICIPAL_PREAMBLE
from .review.external import SHIPPED, STORE_FILE
from .review.external import parse as parse_external
from .store import Store


@dataclass(frozen=True)
class Setting:
    name: str
    description: str
    relative: Callable[[Store], str]  # its path under the root
    check: Callable[[str, Path], object]  # parses the text; raises InputError on a bad one
    default: Callable[[], bytes] | None = None  # what applies when the store has none


def _check_preamble(text: str, path: Path) -> None:
    if not text.strip():
        raise InputError("la plantilla del preámbulo está vacía", path=path)
    try:
        text.format_map({"titulo": "", "municipio": "", "sesion": ""})
    except (KeyError, ValueError, IndexError) as exc:
        raise InputError(f"plantilla inválida ({exc}); use solo {{titulo}}, {{municipio}} y {{sesion}}",
                         path=path) from None


SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("dias-inhabiles", "Días inhábiles municipales (una fecha AAAA-MM-DD por línea, # comentarios)",
            lambda store: MUNICIPAL_FILE, parse_municipal_list),
    Setting("preambulo", "Plantilla del preámbulo de los decretos municipales ({titulo}, {municipio}, {sesion})",
            lambda store: f"plantillas/preambulo-{store.config.get('jurisdiction', 'mx')}.txt", _check_preamble,
            lambda: DEFAULT_MUNICIPAL_PREAMBLE.encode("utf-8")),
    Setting("referencias-externas", "Tabla de referencias externas de la revisión de técnica jurídica",
            lambda store: STORE_FILE, lambda text, path: parse_external(text, str(path)), SHIPPED.read_bytes),
)}


def setting(name: str) -> Setting:
    try:
        return SETTINGS[name]
    except KeyError:
        raise InputError(f"ajuste desconocido; use uno de: {', '.join(SETTINGS)}", path=name) from None


def current(store: Store, name: str) -> bytes | None:
    """The text in force: the store's own, else the shipped default (None: neither)."""
    item = setting(name)
    path = store.root / item.relative(store)
    if store.is_file(path):
        return store.read_bytes(path)
    return item.default() if item.default is not None else None


def put(store: Store, name: str, data: bytes, *, author: str | None = None, message: str | None = None,
        source: Path | str | None = None) -> str:
    """Check and store the text of setting ``name`` (read from ``source``, which errors name); its
    path under the root. Recorded in the history; a text that does not check changes nothing."""
    item = setting(name)
    rel = item.relative(store)
    where = Path(source or rel)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("el texto no está en UTF-8", path=where) from None
    item.check(text, where)
    with store.locked():
        store.stage(store.root / rel, data)
        store.record("settings", author=author, message=message or f"ajuste {name} actualizado",
                     source=rel, sha256=hashlib.sha256(data).hexdigest())
    return rel


def listing(store: Store) -> list[dict]:
    """Each setting: name, description, path, whether the store has its own, its SHA-256."""
    rows = []
    for item in SETTINGS.values():
        rel = item.relative(store)
        path = store.root / rel
        own = store.is_file(path)
        rows.append({"name": item.name, "description": item.description, "path": rel, "stored": own,
                     "sha256": hashlib.sha256(store.read_bytes(path)).hexdigest() if own else None,
                     "default": "el incluido en el programa" if item.default is not None and not own else None})
    return rows
