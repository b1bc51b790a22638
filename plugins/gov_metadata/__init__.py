from .gov_metadata import register  # noqa: F401
