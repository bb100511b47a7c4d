"""The project's XML Schemas as package data.

This folder is installed as the package ``implan_regs.xsd`` (mapped in ``setup.py``), so the
schemas travel inside the wheel and :mod:`implan_regs.schemas` finds them with
:mod:`importlib.resources`, installed or editable alike.
"""
