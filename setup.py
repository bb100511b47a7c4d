"""Package layout that pyproject.toml cannot express: the top-level ``schemas/`` folder ships
inside the wheel as the package ``implan_regs.xsd`` (read with ``importlib.resources``).
Everything else (metadata, dependencies, package data) lives in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["implan_regs*"]) + ["implan_regs.xsd"],
    package_dir={"implan_regs.xsd": "schemas"},
)
