"""Every rule family, imported explicitly (one module per family)."""

from lint.rules import gov  # noqa: F401  GOV: identity and page tags
