"""Who may see and do what: the one place the web layer decides access.

Anything a user may not see answers 404 (not 403), so guessing URLs reveals nothing about
drafts or observations that exist; actions a visible page does not offer answer 403.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app, g

from ..accounts import shares
from ..accounts.users import ADMIN, COMMISSION, DEPARTMENT, LEGAL, READER, User
from ..errors import ImplanError
from ..store import Store
from . import cache

#: The reform's procedure (docs/procedure.md): jurídico drafts, moves the proposal through its
#: states and publishes it; the commission's secretary (or the administrador) records the
#: dictamen, the decision on each observation and the Cabildo's approval and never edits the
#: draft; a department only observes and reads what is shared with it.
PERMISSIONS = {
    "manage_users": {ADMIN},
    "share": {ADMIN, LEGAL},
    "edit": {LEGAL},
    "answer": {LEGAL},
    "change_status": {LEGAL},
    "dictamen": {ADMIN, COMMISSION},
    "resolve": {ADMIN, COMMISSION},
    "approve": {ADMIN, COMMISSION},
    "publish": {LEGAL},
    "attach": {ADMIN, LEGAL, COMMISSION},
    "all_proposals": {ADMIN, LEGAL, COMMISSION},
    "all_observations": {ADMIN, LEGAL, COMMISSION},
    "file_observation": {LEGAL, DEPARTMENT},
}


def store() -> Store:
    """The store for this request (one instance per request: Store keeps transaction state)."""
    if "store" not in g:
        g.store = Store.open(current_app.config["IMPLAN_ROOT"])
    return g.store


def user() -> User | None:
    return g.get("user")


def signed_in() -> User:
    """The user of a view that requires a session (every view but the login page)."""
    who = user()
    if who is None:
        abort(401)
    return who


def can(permission: str, who: User | None = None) -> bool:
    who = who or user()
    return who is not None and who.role in PERMISSIONS[permission]


def require(permission: str):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not can(permission):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def sees_proposals(who: User | None = None) -> bool:
    who = who or user()
    return who is not None and who.role != READER


def proposal_visible(proposal_id: str, who: User | None = None) -> bool:
    who = who or user()
    if who is None or who.role == READER:
        return False
    if can("all_proposals", who):
        return True
    return shares.is_shared(store(), proposal_id, who.department)


def visible_proposals() -> list:
    return [p for p in cache.proposals(store()) if proposal_visible(p.id)]


def proposal_or_404(proposal_id: str):
    """The proposal when this user may see it; 404 otherwise (also when it does not exist)."""
    if not proposal_visible(proposal_id):
        abort(404)
    try:
        return cache.load_proposal(store(), proposal_id)
    except ImplanError:
        abort(404)


def observation_visible(obs, who: User | None = None) -> bool:
    who = who or user()
    if who is None:
        return False
    if can("all_observations", who):
        return True
    return (who.role == DEPARTMENT and obs.department == who.department and obs.subject_type == "propuesta"
            and proposal_visible(obs.subject, who))


def can_edit_observation(obs, who: User | None = None) -> bool:
    """A department edits its own observations while they are still pending."""
    who = who or user()
    return (who is not None and who.role == DEPARTMENT and obs.status == "pendiente"
            and observation_visible(obs, who))
