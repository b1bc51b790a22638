from .gov_interaction import register  # noqa: F401
