"""The command line: thin click commands over the library (one module per stage).

Everything it prints is Spanish, click's own messages included (:mod:`.spanish`).

Every :class:`~implan_regs.errors.ImplanError` becomes a one-line message on stderr and
exit status 2. Listing and report commands take ``--json``. The corpus root comes from
``--root`` or ``IMPLAN_REGS_ROOT``.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import MutableMapping
from pathlib import Path

import click

from ..errors import ImplanError, InputError
from ..model.uri import check_date
from . import spanish

spanish.install()  # before any command is declared: click's messages, help and metavars in Spanish

KINDS = ["reglamento", "ley", "codigo", "constitucion", "decreto", "acuerdo", "lineamientos", "norma",
         "plan", "programa"]


class UserError(click.ClickException):
    """Bad input: one line, exit status 2 (click's own ClickException exits 1)."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class Command(spanish.Command):
    """A command whose every text argument and option passes :func:`~implan_regs.textinput.check_text`
    before it runs (paths excepted: a file name is not stored text)."""

    def invoke(self, ctx: click.Context):
        from ..textinput import check_text

        for param in self.params:
            values = ctx.params.get(param.name)
            if isinstance(param.type, click.Path) or values is None:
                continue
            what = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
            for value in values if isinstance(values, (tuple, list)) else (values,):
                if isinstance(value, str):
                    try:
                        check_text(value, what=what)
                    except ImplanError as exc:
                        raise UserError(str(exc)) from None
        return super().invoke(ctx)


class Group(spanish.Group):
    """The command groups: Spanish usage lines, and every ImplanError as a one-line UserError."""

    command_class = Command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ImplanError as exc:
            raise UserError(str(exc)) from None


#: Every top-level command: name -> "module:attribute" in this package. A command's module is
#: imported only when that command runs (``--help`` and unknown names load them all), so start-up
#: pays for one module. A new command: declare it with ``@main.command()`` in its module and add
#: one line here.
COMMANDS = {
    "init": "corpus:init", "import": "corpus:import_", "list": "corpus:list_", "show": "corpus:show",
    "history": "corpus:history", "validate": "corpus:validate", "import-report": "corpus:import_report",
    "export": "export:export_cmd",
    "check": "maintenance:check", "backup": "maintenance:backup", "restore": "maintenance:restore",
    "migrate": "migration:migrate", "export-store": "migration:export_store",
    "observe": "observe:observe",
    "proposal": "procedure:proposal",  # reform.py's group; procedure.py (importing it) adds the procedure steps
    "diff": "reform:diff",
    "review": "review:review_cmd",
    "search": "search:search_", "index": "search:index_group",
    "site": "site:site",
    "settings": "settings:settings",
    "user": "web:user", "serve": "web:serve",
}


class LazyGroup(Group):
    """The top-level group: commands listed in a static table, each module loaded on first use.

    :attr:`commands` (what click's suggestions and the tests walk) loads every module;
    :meth:`get_command` loads only the one module it needs.
    """

    group_class = Group  # ``@main.group()``: an ordinary (eager) subgroup

    def __init__(self, *args, lazy_commands: dict[str, str], **kwargs):
        self.lazy_commands = lazy_commands
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> MutableMapping[str, click.Command]:
        for name in self.lazy_commands:
            self.get_command(None, name)
        return self.loaded

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        self.loaded = dict(value)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        if name is None:
            raise TypeError("Command has no name.")  # as click's own add_command
        self.loaded[name] = cmd  # what ``@main.command()`` calls while a module loads

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        # Through the table even when the name is already loaded: the module it names may complete
        # a group that another module defined ("proposal": procedure.py adds to reform.py's group).
        if cmd_name in self.lazy_commands:
            module, attribute = self.lazy_commands[cmd_name].split(":")
            self.loaded[cmd_name] = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        return self.loaded.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.lazy_commands, *self.loaded})


def echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def show_progress(as_json: bool) -> bool:
    return not as_json and sys.stderr.isatty()


def store_root(ctx: click.Context) -> Path:
    """The store's root: --root / IMPLAN_REGS_ROOT, else, on PostgreSQL (IMPLAN_REGS_DATABASE_URL),
    the per-machine cache folder of the store named by IMPLAN_REGS_STORE."""
    from ..store.backend import database_url, local_root

    root = ctx.obj["root"]
    if root:
        return root
    if database_url():
        return local_root()
    raise InputError("indique el acervo con --root o la variable IMPLAN_REGS_ROOT "
                     "(o la base de datos con IMPLAN_REGS_DATABASE_URL)")


def open_store(ctx: click.Context):
    from ..store import Store

    return Store.open(store_root(ctx))


def date_option(value: str | None, what: str) -> str | None:
    return check_date(value, what=what) if value else None


#: Bytes of changed source above which the command line indexes in the background.
DEFER_INDEX_BYTES = 256 * 1024


@click.group(cls=LazyGroup, lazy_commands=COMMANDS)
@click.option("--root", envvar="IMPLAN_REGS_ROOT", type=click.Path(file_okay=False, path_type=Path),
              help="Carpeta del acervo (o variable IMPLAN_REGS_ROOT).")
@click.version_option(package_name="implan-regs")
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """implan-regs: textos normativos municipales como Akoma Ntoso."""
    ctx.obj = {"root": root}
    from .. import search  # light: the engines load on first use

    search.attach()  # every write made by a command updates the existing indexes
    # A whole regulation imported from the command line is indexed in the background: the
    # command returns at once (issue 16.3); smaller changes are indexed before it returns.
    search.defer_index_updates(DEFER_INDEX_BYTES)
    ctx.call_on_close(lambda: search.defer_index_updates(None))


def read_text_option(text: str | None, text_file: Path | None) -> str:
    if text_file is not None:
        from ..importers.normalize import read_source_text

        return read_source_text(text_file)
    if text is None:
        raise InputError("indique el texto con --text o --text-file")
    return text
