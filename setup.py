"""Build hook: compile the netiquette engine's per-comment path with mypyc.

Everything else is configured in pyproject.toml. The compiled modules are the same source
files as the pure-Python ones (type-checked by mypy on the way); set NETIQUETTE_PURE=1 to
install without compiling (the package then runs as plain Python, about half as fast).
"""

import os
import tomllib
from pathlib import Path

from setuptools import setup

# The modules a ``RuleSet.check`` call runs through (listed in pyproject.toml, which the tests
# read too); loading, training and the CLI gain nothing from compiling.
COMPILED = tomllib.loads(Path(__file__).with_name("pyproject.toml").read_text())[
    "tool"]["netiquette"]["compiled"]

ext_modules = []
if os.environ.get("NETIQUETTE_PURE") != "1":
    from mypyc.build import mypycify

    ext_modules = mypycify(COMPILED, opt_level="3", group_name="netiquette")

setup(ext_modules=ext_modules)
