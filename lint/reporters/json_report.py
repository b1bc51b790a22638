"""``--format json``: the CONTRACT §4.2 document.

Besides the contract's keys (``version``, ``today``, ``sites``, ``findings``) it carries
``summary`` (counts, suppressed, baselined, stale_baseline = number of stale entries)
and, when a baseline was used, ``baseline.stale``: the stale entries themselves.
"""

import json


def render(result, **options) -> str:
    data = result.to_json()
    stale = getattr(result, "stale_baseline", None) or []
    if stale or getattr(result, "baselined", 0):
        data["baseline"] = {"baselined": getattr(result, "baselined", 0), "stale": stale}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
