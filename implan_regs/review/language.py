"""Inclusive language (optional, off by default: ``--only lenguaje``): generic masculine forms
the Coahuila and federal guides for inclusive language suggest rewriting. Never mechanical: the
rewrite changes the agreement of the whole sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .context import Context
from .model import Finding, Severity

FAMILY = "lenguaje"
#: Generic masculine → an inclusive alternative the guides propose.
ALTERNATIVES = {
    "los ciudadanos": "la ciudadanía", "el ciudadano": "la persona ciudadana", "los trabajadores": "las personas trabajadoras",
    "los usuarios": "las personas usuarias", "el usuario": "la persona usuaria", "los solicitantes": "las personas solicitantes",
    "los propietarios": "las personas propietarias", "el propietario": "la persona propietaria",
    "los servidores públicos": "las personas servidoras públicas", "el servidor público": "la persona servidora pública",
    "los funcionarios": "las personas funcionarias", "los niños": "las niñas y los niños", "el hombre": "las personas",
    "los habitantes": "la población", "los interesados": "las personas interesadas", "el interesado": "la persona interesada",
    "los peatones": "las personas peatonas", "los conductores": "las personas conductoras",
}
_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(ALTERNATIVES, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


def check(ctx: Context) -> Iterator[Finding]:
    for entry, text in ctx.texts():
        for m in _PATTERN.finditer(text):
            alternative = ALTERNATIVES[m.group(0).lower()]
            yield ctx.finding("lenguaje.generico-masculino", Severity.SUGERENCIA, entry, m.group(0),
                              f"Lenguaje incluyente: en lugar de «{m.group(0)}» puede escribirse «{alternative}».")
