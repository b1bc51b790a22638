from .gov_columns import register  # noqa: F401
