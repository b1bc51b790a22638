from .gov_identity import register  # noqa: F401
