"""``python -m implan_regs`` runs the CLI."""

from .cli import main

main()
