from .gov_manifest import register  # noqa: F401
