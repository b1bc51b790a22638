"""Each rule alone over its fixtures: fail fixtures give exactly the marked findings,
pass fixtures give none."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_runner import FIXTURES, matches, run_page_fixture, run_site_fixture


def _cases():
    for rule_dir in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name[:1].isupper()):
        for item in sorted(rule_dir.iterdir()):
            if item.name.startswith(("pass_", "fail_")):
                yield pytest.param(rule_dir.name, item, id=f"{rule_dir.name}/{item.name}")


@pytest.mark.parametrize("rule_id,fixture", list(_cases()))
def test_fixture(rule_id: str, fixture: Path, tmp_path: Path):
    if fixture.is_dir():
        result, expected = run_site_fixture(rule_id, fixture, tmp_path)
        got = [f for f in result.findings if f.rule == rule_id]
        if fixture.name.startswith("pass_"):
            assert got == [], [f.to_json() for f in got]
        else:
            assert expected, f"{fixture} has no expected.json"
            unexpected, missing = matches(got, expected)
            assert not unexpected and not missing, (
                f"unexpected: {[f.to_json() for f in unexpected]}\nmissing: {missing}")
        return
    got, expected, result = run_page_fixture(rule_id, fixture, tmp_path)
    if fixture.name.startswith("pass_"):
        assert got == set(), [f.to_json() for f in result.findings]
    else:
        assert expected, f"{fixture} marks no expected finding"
        assert got == expected, [f.to_json() for f in result.findings]
