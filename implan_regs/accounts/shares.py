"""Which proposals are shared with which departments (Direcciones Generales).

A department's reviewers see a proposal (its text, comparison, decree, exports) and can file
observations on it only when it is shared with their department. Stored in
``ROOT/web/shares.json`` (``{"<proposal id>": ["<department>", …]}``), read and written through
the store (either backend) in its transaction, so sharing lands in the history with its author.

>>> import tempfile
>>> from implan_regs.model.tree import DocumentMeta
>>> from implan_regs.reform.service import new_proposal
>>> from implan_regs.store import Store
>>> store = Store.init(tempfile.mkdtemp())
>>> interior = DocumentMeta(work="reglamento-interior", kind="reglamento", title="Reglamento Interior")
>>> _ = new_proposal(store, None, "reforma-2021", "Reglamento nuevo", new_work=interior)
>>> share(store, "reforma-2021", "Dirección General de Obras Públicas")
>>> is_shared(store, "reforma-2021", "Dirección General de Obras Públicas")
True
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from ..reform.storage import load_proposal
from ..store import Store
from ..store.proposals import check_proposal_id
from ..textinput import check_tree
from .users import stored, web_dir


def shares_path(root: Path) -> Path:
    return web_dir(root) / "shares.json"


def load_shares(source: Store | Path | str) -> dict[str, list[str]]:
    """Departments by proposal id (``source``: the store or its root)."""
    store = stored(source)
    path = shares_path(store.root)
    try:
        data = json.loads(store.backend.read(path).decode("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise InputError(f"archivo de propuestas compartidas ilegible: {exc}", path=path) from None
    return {k: list(v) for k, v in data.items()}


def departments_for(source: Store | Path | str, proposal_id: str) -> list[str]:
    return load_shares(source).get(proposal_id, [])


def shared_with(source: Store | Path | str, department: str | None) -> set[str]:
    if not department:
        return set()
    return {pid for pid, deps in load_shares(source).items() if department in deps}


def is_shared(source: Store | Path | str, proposal_id: str, department: str | None) -> bool:
    return bool(department) and department in departments_for(source, proposal_id)


def _write(store: Store, shares: dict[str, list[str]]) -> None:
    data = {pid: sorted(set(deps)) for pid, deps in sorted(shares.items()) if deps}
    check_tree(data, where="propuestas compartidas")
    store.stage(shares_path(store.root), json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def share(store: Store, proposal_id: str, department: str, *, author: str | None = None) -> None:
    department = " ".join((department or "").split())
    if not department:
        raise InputError("indique la dependencia con la que se comparte")
    with store.locked():
        proposal = load_proposal(store, check_proposal_id(proposal_id))
        shares = load_shares(store)
        if department in shares.get(proposal_id, []):
            return
        shares.setdefault(proposal_id, []).append(department)
        _write(store, shares)
        store.record("proposal-share", author=author, work=proposal.work, proposal=proposal_id,
                     message=f"compartida con {department}")


def unshare(store: Store, proposal_id: str, department: str, *, author: str | None = None) -> None:
    with store.locked():
        proposal = load_proposal(store, check_proposal_id(proposal_id))
        shares = load_shares(store)
        if department not in shares.get(proposal_id, []):
            raise InputError("la propuesta no está compartida con esa dependencia", path=department)
        shares[proposal_id].remove(department)
        _write(store, shares)
        store.record("proposal-unshare", author=author, work=proposal.work, proposal=proposal_id,
                     message=f"dejó de compartirse con {department}")
