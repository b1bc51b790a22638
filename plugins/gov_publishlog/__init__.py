from .gov_publishlog import register  # noqa: F401
