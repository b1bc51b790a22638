from .gov_service import register  # noqa: F401
