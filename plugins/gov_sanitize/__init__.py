from .gov_sanitize import register  # noqa: F401
