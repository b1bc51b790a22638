"""ELD002–ELD006, ELD008: the elderly-friendly rules measured in the browser (lint/audit).

Their findings come from ``invoke audit``; registering them here gives them the same
metadata, ``--explain`` docs and selection as every other rule.
"""

from lint.audit.elderly import RULES
from lint.registry import REGISTRY

for _rule in RULES.values():
    REGISTRY.setdefault(_rule.id, _rule)
