from .gov_pagetags import register  # noqa: F401
