"""Meta-tests over the registry: every rule is documented, sourced and has fixtures."""

from __future__ import annotations

import pytest

from fixture_runner import FIXTURES
from lint import registry

RULES = registry.load_all()
# Rules whose findings come from the browser audit, the archive verifier or the
# build, not from a page/site check, are tested where they are produced.
EXTERNAL = {r.id for r in RULES.values() if r.check is None}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_documented(rule_id):
    r = RULES[rule_id]
    assert registry.ID_RE.match(r.id)
    assert r.title and r.source, rule_id
    for heading in ("## What it does", "## Why it matters", "## Example"):
        assert heading in r.doc, f"{rule_id} doc lacks {heading}"


@pytest.mark.parametrize("rule_id", sorted(set(RULES) - EXTERNAL))
def test_rule_has_pass_and_fail_fixture(rule_id):
    folder = FIXTURES / rule_id
    names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
    assert any(n.startswith("pass_") for n in names), f"{rule_id}: no pass_ fixture in {folder}"
    assert any(n.startswith("fail_") for n in names), f"{rule_id}: no fail_ fixture in {folder}"


def test_rules_in_catalogue_are_registered():
    """Every id of RULES.md is registered (the catalogue and the code agree)."""
    import re
    from pathlib import Path

    catalogue = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "RULES.md"
    if not catalogue.is_file():
        pytest.skip("shared/spec/RULES.md not beside the repository")
    ids = set(re.findall(r"^\| ((?:GOV|COL|POL|ARC|SVC|CNT|LNK|A11Y|ELD)\d{3}) \|", catalogue.read_text(encoding="utf-8"),
                         re.M))
    missing = sorted(ids - set(RULES))
    assert not missing, f"rules in RULES.md but not registered: {missing}"
