from .gov_incremental import register  # noqa: F401
