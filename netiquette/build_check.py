"""Is the compiled engine older than its source? (A source checkout only.)

mypyc builds ``*.so`` modules next to the ``.py`` files of the check path (see setup.py), and
Python imports the ``.so`` first: after an edit, the old compiled code keeps running until the
package is built again (``make`` does). The test suite refuses to run then; importing the
package warns.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def stale_compiled(package: Path = PACKAGE) -> list[Path]:
    """Source files newer than their compiled module, in a source checkout (next to a
    ``pyproject.toml``; an installed wheel's file times mean nothing)."""
    if not (package.parent / "pyproject.toml").exists():
        return []
    out = []
    for so in sorted(package.glob("*.so")):
        source = so.with_name(so.name.split(".")[0] + ".py")
        if source.exists() and source.stat().st_mtime > so.stat().st_mtime:
            out.append(source)
    return out
