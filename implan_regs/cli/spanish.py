"""click speaking Spanish: the translation catalogue of click's own messages and its installation.

click marks every message it prints with gettext (``_("Missing option")``, ``ngettext(...)``).
:func:`install` points those names, in each click module, at this catalogue, so usage errors,
``--help`` headings, type names and metavars read in Spanish with no dependence on the user's
locale. The catalogue is keyed by click's own msgids; ``tests/test_first_hour.py`` extracts every
msgid from the installed click and fails when one has no translation here (a click upgrade that
adds messages is caught by the tests, not by a user).

The command classes :class:`Command` and :class:`Group` put Spanish placeholders in the usage line
(``[OPCIONES]``, ``ORDEN [ARGUMENTOS]...``) and name arguments in Spanish (``PROPUESTA``, ``CITA``).
"""

from __future__ import annotations

import importlib

import click

#: click's msgid -> Spanish (placeholders kept as click formats them).
MESSAGES = {
    # core
    "(dynamic)": "(dinámico)",
    "Aborted!": "¡Cancelado!",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Los argumentos llevan exactamente una declaración de parámetro; se dieron {length}: {decls}.",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "La opción booleana {decl!r} no puede usar el mismo indicador para verdadero y falso.",
    "Commands": "Órdenes",
    "Could not determine name for option with declarations {decls!r}":
        "No se pudo determinar el nombre de la opción declarada como {decls!r}",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Aviso: la orden {name!r} es obsoleta.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Aviso: el parámetro {name!r} es obsoleto.{extra_message}",
    "Missing command.": "Falta la orden.",
    "Name '{name}' defined twice": "El nombre '{name}' está definido dos veces",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?":
        "No se definieron opciones pero se dio un nombre ({name}). ¿Quería declarar un argumento? "
        "¿Quería escribir '--{name}'?",
    "Options": "Opciones",
    "Positional arguments": "Argumentos",
    "Value must be an iterable.": "El valor debe ser iterable.",
    "default: {default}": "por omisión: {default}",
    "deprecated": "obsoleto",
    "env var: {var}": "variable de entorno: {var}",
    "required": "obligatorio",
    # decorators
    "%(prog)s, version %(version)s": "%(prog)s, versión %(version)s",
    "Confirm the action without prompting.": "Confirma la acción sin preguntar.",
    "Do you want to continue?": "¿Desea continuar?",
    "Show the version and exit.": "Muestra la versión y termina.",
    "Show this message and exit.": "Muestra esta ayuda y termina.",
    # exceptions
    "Could not open file {filename!r}: {message}": "No se pudo abrir el archivo {filename!r}: {message}",
    "Error: {message}": "Error: {message}",
    "Invalid value for {param_hint}: {message}": "Valor no válido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor no válido: {message}",
    "Missing argument": "Falta el argumento",
    "Missing option": "Falta la opción",
    "Missing parameter": "Falta el parámetro",
    "Missing parameter: {param_name}": "Falta el parámetro: {param_name}",
    "Missing {param_type}": "Falta el parámetro",
    "No such command {name!r}.": "No existe la orden {name!r}.",
    "No such option {name!r}.": "No existe la opción {name!r}.",
    "Try '{command} {option}' for help.": "Consulte '{command} {option}' para ver la ayuda.",
    "unknown error": "error desconocido",
    # formatting
    "Usage:": "Uso:",
    # parser
    "Argument {name!r} takes {nargs} values.": "El argumento {name!r} lleva {nargs} valores.",
    "Invalid start character for option ({option})": "Carácter inicial no válido para una opción ({option})",
    "Option {name!r} does not take a value.": "La opción {name!r} no lleva valor.",
    # shell completion
    "Couldn't detect Bash version, shell completion is not supported.":
        "No se pudo detectar la versión de Bash; no hay autocompletado.",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "El autocompletado requiere Bash 4.4 o posterior.",
    # termui
    "Error: The two entered values do not match.": "Error: los dos valores escritos no coinciden.",
    "Error: invalid input": "Error: entrada no válida",
    "Press any key to continue...": "Pulse cualquier tecla para continuar...",
    "Repeat for confirmation": "Repita para confirmar",
    "Unknown color {colour!r}": "Color desconocido {colour!r}",
    "{editor}: Editing failed": "{editor}: falló la edición",
    "{editor}: Editing failed: {e}": "{editor}: falló la edición: {e}",
    "d": "d",
    # types
    "Choice({choices})": "Opción({choices})",
    "Choose from:\n\t{choices}": "Elija entre:\n\t{choices}",
    "directory": "carpeta",
    "file": "archivo",
    "path": "ruta",
    "{name} {filename!r} does not exist.": "{name} {filename!r}: no existe.",
    "{name} {filename!r} is a directory.": "{name} {filename!r}: es una carpeta.",
    "{name} {filename!r} is a file.": "{name} {filename!r}: es un archivo.",
    "{name} {filename!r} is not executable.": "{name} {filename!r}: no es ejecutable.",
    "{name} {filename!r} is not readable.": "{name} {filename!r}: no se puede leer.",
    "{name} {filename!r} is not writable.": "{name} {filename!r}: no se puede escribir.",
    "{value!r} is not a valid UUID.": "{value!r} no es un UUID válido.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} no es un valor booleano válido. Valores reconocidos: {states}",
    "{value!r} is not a valid {number_type}.": "{value!r} no es un {number_type} válido.",
    "{value} is not in the range {range}.": "{value} no está en el intervalo {range}.",
    # utils, Windows console
    "Unknown standard stream '{name}'": "Flujo estándar desconocido '{name}'",
    "Windows error: {error}": "Error de Windows: {error}",
}

#: click's (singular, plural) msgids -> Spanish (singular, plural).
PLURALS = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Sobra un argumento ({args})", "Sobran argumentos ({args})"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Lleva {nargs} valores pero se dio 1.", "Lleva {nargs} valores pero se dieron {len}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("¿Quiso decir {possibility}?", "(¿Quiso decir alguna de: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("La opción {name!r} requiere un valor.", "La opción {name!r} requiere {nargs} valores."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("Se requieren {len_type} valores, pero se dio {len_value}.",
         "Se requieren {len_type} valores, pero se dieron {len_value}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} no tiene el formato {format}.", "{value!r} no tiene ninguno de los formatos {formats}."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} no es {choice}.", "{value!r} no es uno de {choices}."),
}

#: click's parameter type names (shown in messages and, upper-cased, as metavars).
TYPE_NAMES: dict[type[click.ParamType], str] = {
    click.types.StringParamType: "texto", click.types.UnprocessedParamType: "texto",
    click.types.IntParamType: "entero", click.types.IntRange: "entero", click.types.FloatParamType: "número",
    click.types.FloatRange: "número", click.types.BoolParamType: "booleano", click.types.UUIDParameterType: "uuid",
    click.types.File: "archivo", click.types.DateTime: "fecha y hora", click.types.Choice: "opción",
}

#: Argument names of our commands -> the metavar shown in usage lines and help.
ARGUMENT_NAMES = {
    "proposal_id": "PROPUESTA", "subject": "ASUNTO", "source": "ARCHIVO", "citation": "CITA",
    "username": "USUARIO", "ref": "REFERENCIA", "obs_id": "OBSERVACIÓN", "work": "OBRA", "target": "DESTINO",
    "status": "ESTADO", "query": "CONSULTA", "provision": "DISPOSICIÓN", "old": "ANTERIOR", "new": "NUEVO",
    "base": "BASE", "archive": "COPIA", "texts": "TEXTOS", "department": "DEPENDENCIA",
}

#: The click modules that call gettext.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "shell_completion", "termui",
                  "types", "utils", "_termui_impl")


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    spanish = PLURALS.get((singular, plural), (singular, plural))
    return spanish[0] if n == 1 else spanish[1]


def install() -> None:
    """Make click speak Spanish in this process (idempotent)."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        for attribute, spanish_function in (("_", gettext), ("ngettext", ngettext)):
            if hasattr(module, attribute):  # click's own translation hooks, replaced in place
                setattr(module, attribute, spanish_function)
    for cls, spanish in TYPE_NAMES.items():
        cls.name = spanish


def _spanish_metavars(command: click.Command) -> None:
    for param in command.params:
        if isinstance(param, click.Argument) and param.metavar is None and param.name in ARGUMENT_NAMES:
            param.metavar = ARGUMENT_NAMES[param.name] + ("..." if param.nargs != 1 else "")


class Command(click.Command):
    """A click command with a Spanish usage line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        super().__init__(*args, **kwargs)
        _spanish_metavars(self)


class Group(click.Group):
    """A click group with a Spanish usage line; its commands and subgroups are Spanish too."""

    command_class = Command
    group_class: type[click.Group | type] | None = type  # subgroups of the same class (click's convention)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        kwargs.setdefault("subcommand_metavar", "ORDEN [ARGUMENTOS]...")
        super().__init__(*args, **kwargs)
        _spanish_metavars(self)
