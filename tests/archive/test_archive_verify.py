"""--verify: snapshots against their manifests (issue part 4: ARC002, ARC003)."""

from __future__ import annotations

import json

import pytest
from conftest import PAST, run_cli

from jiyue.archive import verify
from lint.model import Finding


@pytest.fixture
def snap(platform):
    assert run_cli("--site", "jiangnan", "--date", PAST) == 0
    return platform / "output" / "jiangnan" / "archive" / PAST


def _flip_byte(path, offset=300):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_clean_snapshot_verifies(snap, capsys):
    capsys.readouterr()
    assert run_cli("--verify") == 0
    assert "校验通过" in capsys.readouterr().out
    assert run_cli("--verify", "--site", "jiangnan") == 0


def test_one_byte_tamper_is_named(snap, capsys):
    _flip_byte(snap / "zwdt" / "a2.html")
    capsys.readouterr()
    assert run_cli("--verify") == 1
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "[ARC002]" in ln)
    assert f"output/jiangnan/archive/{PAST}/zwdt/a2.html" in line and "与清单不符" in line
    assert "校验失败" in out


def test_tamper_in_a_binary_file(snap, capsys):
    _flip_byte(snap / "theme" / "img" / "logo.png", 10)
    assert run_cli("--verify", "--site", "jiangnan") == 1
    assert f"archive/{PAST}/theme/img/logo.png: [ARC002]" in capsys.readouterr().out


def test_deleted_file_gives_arc002_and_broken_links_arc003(snap, capsys):
    (snap / "files" / "report.pdf").unlink()
    assert run_cli("--verify") == 1
    out = capsys.readouterr().out
    assert f"archive/{PAST}/files/report.pdf: [ARC002] 错误：清单中的文件缺失" in out
    assert f"archive/{PAST}/zwdt/a1.html: [ARC003] 错误：链接目标不存在：../files/report.pdf" in out


def test_extra_file_is_reported(snap, capsys):
    (snap / "zwdt" / "new.html").write_text("<p>后来加的</p>", encoding="utf-8")
    (snap / "files" / "x.txt").write_text("x", encoding="utf-8")
    assert run_cli("--verify") == 1
    out = capsys.readouterr().out
    assert f"archive/{PAST}/zwdt/new.html: [ARC002] 错误：快照中有清单之外的文件" in out
    assert f"archive/{PAST}/files/x.txt: [ARC002]" in out
    assert f"archive/{PAST}/zwdt/new.html: [ARC001]" in out  # and it has no banner


def test_link_edited_to_leave_the_snapshot_is_arc003(snap):
    page = snap / "zwdt" / "a3.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        'href="../zwdt/a1.html"', 'href="https://www.jiangnan.gov.cn/zwdt/a1.html"'), encoding="utf-8")
    findings, count = verify("output", "jiangnan")
    assert count == 1
    rules = {(f.rule, f.page) for f in findings}
    assert ("ARC002", f"archive/{PAST}/zwdt/a3.html") in rules
    arc3 = [f for f in findings if f.rule == "ARC003"]
    assert len(arc3) == 1 and "离开快照" in arc3[0].message and arc3[0].severity == "error"


def test_manifest_and_warc_tampering(snap, capsys):
    m = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    m["reason"] = "改过的原因"
    (snap / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    assert run_cli("--verify") == 1
    assert f"archive/{PAST}/snapshot.warc.gz: [ARC002] 错误：manifest.json 与 WARC 中保存的清单不一致" in \
        capsys.readouterr().out
    (snap / "snapshot.warc.gz").unlink()
    assert run_cli("--verify") == 1
    assert "快照缺少 WARC 文件" in capsys.readouterr().out
    (snap / "manifest.json").unlink()
    assert run_cli("--verify") == 1
    assert f"archive/{PAST}/manifest.json: [ARC002] 错误：快照缺少 manifest.json" in capsys.readouterr().out


def test_damaged_warc(snap):
    _flip_byte(snap / "snapshot.warc.gz", 2000)
    findings, _n = verify("output")
    assert any(f.rule == "ARC002" and f.page.endswith("snapshot.warc.gz") for f in findings)


def test_findings_are_lint_findings_and_json(snap, capsys):
    _flip_byte(snap / "index.html")
    findings, _n = verify("output")
    assert findings and all(isinstance(f, Finding) for f in findings)
    f = findings[0]
    assert (f.rule, f.severity, f.site, f.page) == ("ARC002", "error", "jiangnan", f"archive/{PAST}/index.html")
    assert f.source.startswith("宿迁")
    capsys.readouterr()
    assert run_cli("--verify", "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["snapshots"] == 1
    assert data["findings"][0]["rule"] == "ARC002" and data["findings"][0]["page"] == f"archive/{PAST}/index.html"


def test_no_snapshots_and_unknown_site(platform, capsys):
    assert run_cli("--verify") == 0
    assert "没有归档快照" in capsys.readouterr().out
    assert run_cli("--verify", "--site", "nowhere") == 2
    assert "nowhere" in capsys.readouterr().err
