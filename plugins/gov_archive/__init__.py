from .gov_archive import register  # noqa: F401
