"""``--format json``: the CONTRACT §4.2 document."""

import json


def render(result, **options) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n"
