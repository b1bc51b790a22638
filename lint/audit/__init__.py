"""Browser audit (CONTRACT §4.4): axe-core and the browser-measured elderly-friendly rules
(ELD002–ELD006, ELD008) in headless Chromium through Selenium.

Entry points: ``python -m lint.audit`` and :func:`lint.audit.cli.main` (``invoke audit``).
"""

from .cli import main

__all__ = ["main"]
