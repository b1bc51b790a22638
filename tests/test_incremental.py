"""Incremental builds (jiyue.incremental, plugins/gov_incremental) are correct: after any single
edit of the sources, the incremental output is byte-identical to a clean full build of the same
sources, and the incremental build really skipped work (sites not rebuilt, pages not rendered).

The edits are applied one after the other to one platform, so every incremental build also
starts from the state an incremental build left behind.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from jiyue import incremental
from jiyue.build import build
from tests.platform_factory import PORTAL_COLUMNS, TODAY, article, make_platform

SKIP = ("publish-log.jsonl",)  # records build times (CONTRACT: internal, never published)


def quiet(_msg):
    pass


def tree(root: Path) -> dict[str, bytes]:
    files = {}
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            if name in SKIP:
                continue
            files[rel] = p.read_bytes()
    return files


def assert_same(inc: Path, full: Path, label: str) -> None:
    a, b = tree(inc), tree(full)
    assert sorted(a) == sorted(b), f"{label}: files differ: only incremental {sorted(set(a) - set(b))[:5]}, " \
                                   f"only full {sorted(set(b) - set(a))[:5]}"
    different = [k for k in a if a[k] != b[k]]
    assert not different, f"{label}: {len(different)} files differ, e.g. {different[:5]}"


POLICY5 = "江南市人民政府关于印发《江南市城市更新行动方案》的通知"


def platform(root: Path) -> Path:
    """make_platform plus cross-links: a second policy with an interpretation (linked with
    {filename}), a department interpretation of a portal policy, a service guide citing a
    policy by title, a notice linking a policy and an attachment, department news."""
    src = make_platform(root)
    p, d = src / "jiangnan", src / "tjj"
    (p / "zcwj" / "gx.md").write_text(article(POLICY5, "2026-09-01 09:00", "城市更新的若干规定。",
                                              DocNumber="江政发〔2026〕5号"), encoding="utf-8")
    (p / "zcjd" / "gx-jd.md").write_text(article(
        "《江南市城市更新行动方案》解读", "2026-09-02 09:00",
        "**解读文件：**[城市更新行动方案]({filename}/zcwj/gx.md)", Interprets="江政发〔2026〕5号"), encoding="utf-8")
    (p / "bsfw" / "guide.md").write_text(article(
        "城市更新项目申报办事指南", "2026-09-03 09:00",
        "## 事项名称\n\n城市更新项目申报\n\n## 设定依据\n\n《江南市城市更新行动方案》第三条。\n"), encoding="utf-8")
    (p / "tzgg" / "link.md").write_text(article(
        "关于城市更新的通知", "2026-10-11 09:00",
        "见[城市更新行动方案]({filename}../zcwj/gx.md)，附件：[说明]({static}/files/readme.txt)。"),
        encoding="utf-8")
    (p / "zwdt" / "old.md").write_text(article("较早的政务动态", "2026-11-01 09:00", "早些时候的动态。"),
                                       encoding="utf-8")
    (d / "zwdt" / "news-2.md").write_text(article("统计局第二条动态", "2026-11-18 09:00", "统计数据发布。"),
                                          encoding="utf-8")
    for i in range(1, 9):  # older department news: not on the portal's home page (8 items)
        (d / "zwdt" / f"old-{i}.md").write_text(article(f"统计局较早动态{i}", f"2026-10-0{i} 09:00", "较早的动态。"),
                                                encoding="utf-8")
    (d / "zcjd" / "portal-jd.md").write_text(article(
        "统计局解读市政府文件", "2026-10-13 09:00", "解读市政府文件。", Interprets="江政发〔2026〕3号"),
        encoding="utf-8")
    return src


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (label, change, expected sites rebuilt, max article pages rendered or None for a full build)
EDITS = [
    ("body edit", lambda s: edit(s / "tjj/zwdt/news-2.md", "统计数据发布。", "统计数据已经发布。"), {"tjj"}, 1),
    ("title edit", lambda s: edit(s / "jiangnan/tzgg/link.md", "关于城市更新的通知", "关于城市更新工作的通知"),
     {"jiangnan"}, 1),
    ("date change", lambda s: edit(s / "jiangnan/zwdt/old.md", "2026-11-01 09:00", "2026-11-02 10:30"),
     {"jiangnan"}, 1),
    ("new article", lambda s: (s / "jiangnan/tzgg/new.md").write_text(
        article("新的通知", "2026-11-21 09:00", "新通知正文。"), encoding="utf-8"), {"jiangnan"}, 1),
    ("deleted article", lambda s: (s / "jiangnan/zwdt/old.md").unlink(), {"jiangnan"}, 0),
    ("slug change", lambda s: edit(s / "jiangnan/zcwj/gx.md", "Editor:", "Slug: gx-2026\nEditor:"),
     {"jiangnan"}, 5),
    ("policy DocNumber change", lambda s: (
        edit(s / "jiangnan/zcwj/gx.md", "江政发〔2026〕5号", "江政发〔2026〕6号"),
        edit(s / "jiangnan/zcjd/gx-jd.md", "Interprets: 江政发〔2026〕5号", "Interprets: gx-2026")),
     {"jiangnan"}, 5),
    ("department news", lambda s: edit(s / "tjj/zwdt/news-2.md", "统计局第二条动态", "统计局第二条动态（更新）"),
     {"jiangnan", "tjj"}, 1),
    ("department news not on the portal home", lambda s: edit(s / "tjj/zwdt/old-1.md", "统计局较早动态1",
                                                              "统计局较早动态一"), {"tjj"}, 1),
    ("interpretation retargeted", lambda s: edit(s / "tjj/zcjd/portal-jd.md", "Interprets: 江政发〔2026〕3号",
                                                 "Interprets: 江政发〔2026〕6号"), {"jiangnan", "tjj"}, 3),
    ("attachment replaced", lambda s: (s / "jiangnan/files/readme.txt").write_text("新的附件内容\n", encoding="utf-8"),
     {"jiangnan"}, 1),
    ("article archived", lambda s: edit(s / "jiangnan/tzgg/new.md", "Editor:", "Archived: 2026-11-22\nEditor:"),
     {"jiangnan"}, 1),
    ("message answered later", lambda s: edit(s / "jiangnan/hdjl/hdjl-1.md", "Answered: 2026-11-02 10:00",
                                              "Answered: 2026-11-06 10:00"), {"jiangnan"}, 1),
    ("policy repealed", lambda s: edit(s / "jiangnan/zcwj/gx.md", "Editor:", "Validity: 已废止\nEditor:"),
     {"jiangnan", "tjj"}, 6),  # tjj's interpretation of it (retargeted above) shows its validity
    ("attachment added", lambda s: (s / "jiangnan/files/new.txt").write_text("新附件\n", encoding="utf-8"),
     {"jiangnan"}, 0),
    ("site.toml column rename", lambda s: edit(s / "tjj/site.toml", 'name = "政务动态"', 'name = "统计动态"'),
     {"tjj"}, None),
]

# The 留言 statistics are a global of the theme (gov_interaction): every listing page's key covers them.
LISTS_ALL_RENDERED = {"message answered later"}


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    src = platform(root)
    out = root / "inc" / "output"
    first = build(src, out, lint=False, log=quiet)
    assert first.code == 0 and first.stats["mode"] == "full", first.stats
    return root, src, out


def test_each_single_edit_gives_the_full_build_output(chain, monkeypatch):
    root, src, out = chain
    for i, (label, change, expect_sites, max_rendered) in enumerate(EDITS):
        change(src)
        inc = build(src, out, lint=False, log=quiet)
        assert inc.code == 0, label
        full_out = root / f"full-{i}" / "output"
        full = build(src, full_out, lint=False, log=quiet, full=True)
        assert full.code == 0, label
        assert_same(out, full_out, label)
        shutil.rmtree(full_out.parent)
        # the incremental build skipped work
        assert inc.stats["mode"] == "incremental", (label, inc.stats)
        assert set(inc.rebuilt) == expect_sites, (label, inc.rebuilt)
        if max_rendered is not None:
            assert inc.stats["pages_rendered"] <= max_rendered, (label, inc.stats)
            assert inc.stats["pages_linked"] > 0, (label, inc.stats)
            # listing pages whose content cannot have changed are linked, not rendered
            if label not in LISTS_ALL_RENDERED:
                assert inc.stats["pages_lists_linked"] > inc.stats["pages_lists_rendered"], (label, inc.stats)
    # a theme, plugin or code change rebuilds everything
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: "changed theme")
    inc = build(src, out, lint=False, log=quiet)
    assert inc.code == 0 and inc.stats["mode"] == "full" and set(inc.rebuilt) == {"jiangnan", "tjj"}


def test_nothing_changed_rebuilds_nothing(chain):
    _root, src, out = chain
    assert build(src, out, lint=False, log=quiet).code == 0
    before = tree(out)
    result = build(src, out, lint=False, log=quiet)
    assert result.code == 0 and result.rebuilt == [] and result.stats["pages_rendered"] == 0
    assert tree(out) == before


def test_full_flag_and_missing_state_build_everything(tmp_path):
    src = make_platform(tmp_path)
    out = tmp_path / "output"
    assert build(src, out, lint=False, log=quiet).stats["mode"] == "full"
    incremental.forget_state(out)
    again = build(src, out, lint=False, log=quiet)
    assert again.stats["mode"] == "full" and set(again.rebuilt) == {"jiangnan", "tjj"}
    forced = build(src, out, lint=False, log=quiet, full=True)
    assert forced.stats["reason"] == "--full" and forced.stats["pages_linked"] == 0
    # the state lives beside the output, never inside it
    assert (tmp_path / ".jiyue-cache" / "output" / "state.json").is_file()
    assert not any(p.name == "state.json" for p in out.rglob("*"))


def test_gate_relints_only_rebuilt_sites_and_keeps_published_output_on_failure(tmp_path):
    src = make_platform(tmp_path)
    out = tmp_path / "output"
    first = build(src, out, today=TODAY, log=quiet)
    assert first.code == 0, first.report
    edit(src / "tjj/tzgg/tzgg-1.md", "栏目示例。", "栏目的示例。")
    second = build(src, out, today=TODAY, log=quiet)
    assert second.code == 0 and second.rebuilt == ["tjj"], second.stats
    assert {f.site for f in second.findings} <= {"tjj"}
    # the gate reused cached page results for unchanged pages: same findings as a clean build
    clean = build(src, tmp_path / "clean" / "output", today=TODAY, log=quiet, full=True)
    assert clean.code == 0

    def shown(findings):
        return sorted(json.dumps(f.to_json(), ensure_ascii=False, sort_keys=True) for f in findings if f.site == "tjj")

    assert shown(second.findings) == shown(clean.findings)
    before = tree(out)
    # an error-severity problem in the rebuilt site: nothing is published, the state is kept
    edit(src / "tjj/site.toml", 'id = "zwdt"', 'id = "zwdt"\nupdate_days = 1')
    (src / "tjj/zwdt/zwdt-1.md").write_text(article("统计局动态", "2025-01-01 09:00", "旧动态。"), encoding="utf-8")
    for p in (src / "tjj/zwdt").glob("*.md"):
        if p.name != "zwdt-1.md":
            p.unlink()
    third = build(src, out, today=TODAY, log=quiet)
    if third.code == 0:
        pytest.skip("the linter no longer reports a stale news column as an error")
    assert tree(out) == before
    state = incremental.load_state(out)
    assert state is not None


def test_scan_cache_follows_everything_the_scan_reads(tmp_path):
    """The header scan of unchanged Markdown files is reused (jiyue.platform_index.ScanCache),
    yet every build error of CONTRACT §2 is still found, and a damaged cache is an empty one."""
    src = platform(tmp_path)
    out = tmp_path / "output"
    assert build(src, out, lint=False, log=quiet).code == 0
    cache = incremental.cache_dir(out) / "index"
    assert sorted(p.name for p in cache.glob("*.pickle")) == ["jiangnan.pickle", "tjj.pickle"]
    published = tree(out)
    # an attachment that an unchanged article links disappears: that article is now an error
    readme = src / "jiangnan/files/readme.txt"
    readme.unlink()
    failed = build(src, out, lint=False, log=quiet)
    assert failed.code == 1 and [p.code for p in failed.problems] == ["LNK001"], failed.problems
    assert "tzgg/link.md" in failed.problems[0].file
    assert tree(out) == published
    readme.write_text("附件\n", encoding="utf-8")
    assert build(src, out, lint=False, log=quiet).code == 0
    # a header broken by an edit, then repaired
    news = src / "tjj/zwdt/news-2.md"
    edit(news, "Title:", "Titel:")
    failed = build(src, out, lint=False, log=quiet)
    assert failed.code == 1 and any("Titel" in p.message for p in failed.problems), failed.problems
    edit(news, "Titel:", "Title:")
    # an interpretation whose policy disappears: the cross-site check runs on cached records
    policy = src / "jiangnan/zcwj/gx.md"
    saved = policy.read_bytes()
    policy.unlink()
    failed = build(src, out, lint=False, log=quiet)
    assert failed.code == 1 and {p.code for p in failed.problems} == {"POL003", "LNK001"}, failed.problems
    policy.write_bytes(saved)
    assert build(src, out, lint=False, log=quiet).code == 0
    # a damaged cache is an empty one: same output as a clean full build
    for p in cache.glob("*.pickle"):
        p.write_bytes(b"not a pickle")
    edit(news, "统计数据发布。", "统计数据已发布。")
    assert build(src, out, lint=False, log=quiet).code == 0
    full_out = tmp_path / "full" / "output"
    assert build(src, full_out, lint=False, log=quiet, full=True).code == 0
    assert_same(out, full_out, "damaged scan cache")


def test_caches_damaged_or_missing_change_nothing(tmp_path):
    """Every cache beside the output (scan, lint pages, manifest digests, Pelican's) may be
    damaged or lost: the next build gives the same output and the same findings."""
    src = make_platform(tmp_path)
    out = tmp_path / "output"
    assert build(src, out, today=TODAY, log=quiet).code == 0
    edit(src / "tjj/tzgg/tzgg-1.md", "栏目示例。", "栏目的示例。")
    for p in incremental.cache_dir(out).rglob("*"):
        if p.is_file() and p.name != "state.json":
            p.write_bytes(b"\x80\x05damaged")
    damaged = build(src, out, today=TODAY, log=quiet)
    assert damaged.code == 0 and damaged.stats["mode"] == "incremental", damaged.stats
    clean = build(src, tmp_path / "clean" / "output", today=TODAY, log=quiet, full=True)
    assert_same(out, tmp_path / "clean" / "output", "damaged caches")

    def shown(findings):
        return sorted(json.dumps(f.to_json(), ensure_ascii=False, sort_keys=True) for f in findings if f.site == "tjj")

    assert shown(damaged.findings) == shown(clean.findings)


def test_gate_relints_listing_pages_when_attachments_change(tmp_path):
    """Listing pages are cached by the lint gate too (lint.api.PageCache), keyed also by the
    site's other files: personal data put into an attachment is found on the home page although
    no page changed."""
    from lint import pii

    src = make_platform(tmp_path)
    out = tmp_path / "output"
    first = build(src, out, today=TODAY, log=quiet)
    assert first.code == 0, first.report
    assert not [f for f in first.findings if f.rule == "CNT001"]
    (src / "jiangnan/files/readme.txt").write_text(f"联系人身份证号：{pii.fake_id()}\n", encoding="utf-8")
    second = build(src, out, today=TODAY, log=quiet)
    assert second.stats["mode"] == "incremental" and second.rebuilt == ["jiangnan"], second.stats
    found = [f for f in second.findings if f.rule == "CNT001"]
    assert found and all(f.site == "jiangnan" for f in found), second.findings
    clean = build(src, tmp_path / "clean" / "output", today=TODAY, log=quiet, full=True)

    def shown(findings):
        return sorted(json.dumps(f.to_json(), ensure_ascii=False, sort_keys=True) for f in findings
                      if f.site == "jiangnan")

    assert shown(second.findings) == shown(clean.findings)


def test_scan_cache_is_shared_by_every_spelling_of_the_source_folder(tmp_path, monkeypatch):
    """``--src site_src`` and ``--src /abs/site_src`` reuse one header scan; a file shown under
    another name (another working folder) is scanned again and its problems name it that way."""
    from datetime import date

    from jiyue import platform_index
    from jiyue.siteconfig import load_platform

    src = platform(tmp_path)
    (src / "tjj/zwdt/broken.md").write_text(article("链接失效的动态", "2026-11-10 09:00",
                                                    "见[附件]({static}/files/missing.pdf)。"), encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setattr(platform_index, "RACY_NS", 0)  # the files were written a moment ago
    scanned = []
    real = platform_index._scan_article
    monkeypatch.setattr(platform_index, "_scan_article",
                        lambda site, path, *a, **k: scanned.append(str(path)) or real(site, path, *a, **k))

    def problems(spelled: str) -> list[str]:
        index = platform_index.build_index(load_platform(Path(spelled), allow=()), date(2026, 11, 24), cache=cache)
        return sorted(f"{p.file}:{p.line}:{p.message}" for p in index.problems)

    monkeypatch.chdir(tmp_path)
    first = problems(src.name)  # relative spelling
    n_files = len(scanned)
    assert n_files >= 20 and any("broken.md" in p and "链接的文件不存在" in p for p in first), first
    scanned.clear()
    assert problems(str(src.resolve())) == first  # absolute spelling, same working folder
    assert scanned == []
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.chdir(other)  # every file is shown under another name now: scanned again
    moved = problems(str(src.resolve()))
    assert len(scanned) == n_files
    assert moved != first  # each problem names the file as it is shown from there
    assert [p.split("site_src/", 1)[1] for p in moved] == [p.split("site_src/", 1)[1] for p in first]
