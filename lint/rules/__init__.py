"""Every rule family, imported explicitly (one module per family)."""

from lint.rules import gov  # noqa: F401  GOV: identity and page tags
from lint.rules import columns, links  # noqa: F401  COL: columns and freshness; LNK: links
from lint.rules import meta  # noqa: F401  LNT: the linter's own findings (suppression, crashed rules)
from lint.rules import a11y  # noqa: F401  A11Y: static accessibility (GB/T 37668, WCAG)
from lint.rules import eld  # noqa: F401  ELD: static elderly-friendly checks (ELD001, ELD007)
from lint.rules import policy  # noqa: F401  POL: policies and interpretations; SVC005
from lint.rules import archive  # noqa: F401  ARC: archived pages and snapshots
from lint.rules import service  # noqa: F401  SVC: service guides (办事指南)
from lint.rules import content  # noqa: F401  CNT: content safety and 三审
from lint.rules import eld_browser  # noqa: F401  ELD002–ELD006, ELD008: measured by the browser audit
