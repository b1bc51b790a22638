"""Browser audit (CONTRACT §4.4): axe-core and the browser-measured elderly-friendly rules
(ELD002–ELD006, ELD008) in headless Chromium through Selenium.

Entry points: ``python -m lint.audit`` and :func:`lint.audit.cli.main` (``invoke audit``).
"""

__all__ = ["main"]


def __getattr__(name: str):
    # The linter imports lint.audit.elderly for the ELD rule metadata; the CLI (argparse, the
    # reporters, the server) is loaded only when it is used.
    if name == "main":
        from .cli import main

        return main
    raise AttributeError(name)
