from .gov_policy import register  # noqa: F401
