"""The repository layout the design fixes, and no clash of its generic top-level names
(``plugins``, ``lint``) with anything installed in the environment."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_layout():
    for name in ("site_src", "themes", "plugins", "lint", "tests", "bench"):
        assert (ROOT / name).is_dir(), name
    for name in ("pelicanconf.py", "tasks.py", "README.md", "requirements.txt", ".ci/run", "jiyue.sh"):
        assert (ROOT / name).is_file(), name
    plugins = sorted(p.name for p in (ROOT / "plugins").iterdir() if p.is_dir() and not p.name.startswith("_"))
    assert plugins and all(p.startswith("gov_") for p in plugins), plugins


def test_generic_names_resolve_to_this_repository():
    """``python -m lint`` from the repository root must run our linter, and nothing
    installed may shadow or be shadowed by ``lint`` / ``plugins`` / ``jiyue``."""
    site_packages = Path(sysconfig.get_paths()["purelib"])
    for name in ("lint", "plugins", "jiyue", "tasks", "pelicanconf"):
        assert not (site_packages / name).exists() and not (site_packages / f"{name}.py").exists(), name
    out = subprocess.run([sys.executable, "-c", "import lint, jiyue; print(lint.__file__); print(jiyue.__file__)"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(p).resolve().is_relative_to(ROOT) for p in out), out


def test_plugins_are_not_a_package_and_have_unique_names():
    """Pelican loads plugins by module name from PLUGIN_PATHS: a name already imported
    (e.g. an installed ``footer``) would win, so every plugin is prefixed ``gov_``."""
    assert not (ROOT / "plugins" / "__init__.py").exists()
    for p in (ROOT / "plugins").iterdir():
        if p.is_dir() and p.name.startswith("gov_"):
            spec = importlib.util.find_spec(p.name) if p.name in sys.modules else None
            assert spec is None or Path(spec.origin).resolve().is_relative_to(ROOT), p.name


def test_python_is_312_or_newer():
    """axe-selenium-python 3.0.0 (with a current axe-core) needs Python >= 3.12."""
    assert sys.version_info >= (3, 12)
    import importlib.metadata as md

    assert md.version("axe-selenium-python") == "3.0.0"
    assert md.version("pelican").startswith("4.12")
