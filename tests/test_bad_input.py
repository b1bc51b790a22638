"""Bad input never crashes and never touches the published output.

Each case starts from a clean two-site platform that has been built and
published once, plants one defect, rebuilds with the real command line and
checks: exit code ≠ 0, a Chinese message naming the file (and line or key) and
the expected form, no Python traceback, and ``output/`` byte-for-byte as before.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from platform_factory import article, make_platform

ROOT = Path(__file__).resolve().parents[1]


def tree_hash(root: Path) -> dict[str, str]:
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if name == ".jiyue.lock":
                continue
            p = Path(dirpath) / name
            out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def run_build(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jiyue.build", "--src", str(src), "--out", str(out), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A platform built once; each case copies it."""
    base = tmp_path_factory.mktemp("base")
    src = make_platform(base)
    res = run_build(src, base / "output")
    assert res.returncode == 0, res.stderr
    return base


def _copy(base: Path, dest: Path) -> tuple[Path, Path]:
    import shutil

    shutil.copytree(base / "site_src", dest / "site_src", symlinks=True)
    shutil.copytree(base / "output", dest / "output", symlinks=True)
    return dest / "site_src", dest / "output"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


P = "jiangnan/site.toml"
NEWS = "jiangnan/zwdt/zwdt-1.md"


def toml(old, new):
    return lambda src: _edit(src / P, old, new)


def md(name, text):
    return lambda src: _write(src / "jiangnan" / name, text)


# (case id, defect, substrings the message must contain)
CASES = [
    ("site-code-form", toml('site_code = "3299000001"', 'site_code = "32990000"'),
     ["site.toml:", "site.site_code", "10 位数字"]),
    ("icp-form", toml('icp = "苏ICP备00000001号-1"', 'icp = "ICP备123号"'), ["site.icp", "ICP备"]),
    ("police-digits", toml("苏公网安备32990002000001号", "苏公网安备3299000200001号"), ["site.police_record", "14 位数字"]),
    ("conac-lowercase", toml("0A87C46FEE4D331AE053022819ACDC8C", "0a87c46fee4d331ae053022819acdc8c"),
     ["site.conac_id", "32 位大写十六进制"]),
    ("chinese-domain", toml("江南市人民政府.政务", "江南市人民政府.中国"), ["site.chinese_domain", ".政务"]),
    ("domain-not-gov", toml('domain = "www.jiangnan.gov.cn"', 'domain = "www.jiangnan.com"'), ["site.domain", ".gov.cn"]),
    ("portal-without-www", toml('domain = "www.jiangnan.gov.cn"', 'domain = "jiangnan.gov.cn"'),
     ["site.domain", "www.<x>.gov.cn"]),
    ("dept-domain-outside", lambda src: _edit(src / "tjj/site.toml", "tjj.jiangnan.gov.cn", "tjj.other.gov.cn"),
     ["tjj/site.toml", "site.domain", "jiangnan.gov.cn"]),
    ("contact-garbage", toml('contact = "0519-00000000"', 'contact = "请拨打"'), ["site.contact", "电话"]),
    ("missing-key", toml('host_org = "江南市人民政府办公室"\n', ""), ["site.host_org", "缺少"]),
    ("unknown-key-typo", toml('kind = "portal"', 'kind = "portal"\nsite_cod = "1"'), ["site_cod", "site_code"]),
    ("wrong-type", toml('name = "江南市人民政府"', "name = 42"), ["site.name", "字符串"]),
    ("bad-kind", toml('kind = "portal"', 'kind = "city"'), ["site.kind", "portal 或 department"]),
    ("toml-syntax", toml('name = "江南市人民政府"', "name = 江南市人民政府"), ["site.toml:", "TOML"]),
    ("toml-empty", lambda src: _write(src / P, ""), ["site.toml", "为空"]),
    ("toml-gbk", lambda src: _write(src / P, (src / P).read_text(encoding="utf-8").encode("gb18030")),
     ["site.toml", "UTF-8"]),
    ("no-site-toml", lambda src: (src / P).unlink(), ["jiangnan/site.toml", "缺少 site.toml"]),
    ("column-id-bad", toml('id = "zwdt"', 'id = "Zwdt Col"'), ["column", "[a-z0-9-]"]),
    ("column-id-reserved", toml('id = "zwdt"', 'id = "files"'), ["column", "保留名"]),
    ("column-duplicate", toml('id = "tzgg"', 'id = "zwdt"'), ["column[zwdt].id", "重复"]),
    ("column-kind-unknown", toml('kind = "news"', 'kind = "newz"'), ["column[zwdt].kind", "overview"]),
    ("column-parent-missing", toml('kind = "news"', 'kind = "news"\nparent = "nope"'), ["parent", "nope"]),
    ("required-kind-missing", toml('kind = "survey"', 'kind = "other"'), ["survey", "门户网站须有"]),
    ("article-undeclared-folder", md("xyz/a.md", article("标题", "2026-11-01 09:00")), ["xyz", "不是 site.toml 中声明的栏目"]),
    ("article-at-site-root", md("a.md", article("标题", "2026-11-01 09:00")), ["a.md", "栏目目录"]),
    ("article-gbk", lambda src: _write(src / NEWS, article("标题", "2026-11-01 09:00").encode("gb18030")),
     [NEWS, "UTF-8", "GBK"]),
    ("article-utf16", lambda src: _write(src / NEWS, article("标题", "2026-11-01 09:00").encode("utf-16")),
     [NEWS, "UTF-16"]),
    ("article-empty", md("zwdt/zwdt-1.md", ""), [NEWS, "为空"]),
    ("article-no-title", md("zwdt/zwdt-1.md", "Date: 2026-11-01 09:00\n\n正文\n"), [NEWS, "Title"]),
    ("article-no-date", md("zwdt/zwdt-1.md", "Title: 标题\n\n正文\n"), [NEWS, "Date"]),
    ("article-bad-date", md("zwdt/zwdt-1.md", article("标题", "2026-13-45 09:00")), [NEWS + ":2", "YYYY-MM-DD HH:MM"]),
    ("article-chinese-date", md("zwdt/zwdt-1.md", article("标题", "2026年11月1日")), [NEWS + ":2", "无法解析"]),
    ("article-key-typo", md("zwdt/zwdt-1.md", article("标题", "2026-11-01 09:00").replace("Reviewer", "Reveiwer")),
     [NEWS, "Reveiwer", "Reviewer"]),
    ("article-duplicate-slug", md("zwdt/other.md", article("另一篇", "2026-11-02 09:00", Slug="zwdt-1")),
     ["两篇文章输出到同一路径", "zwdt/zwdt-1.html"]),
    ("article-bad-slug", md("zwdt/中文文件名.md", article("标题", "2026-11-01 09:00")), ["中文文件名", "slug"]),
    ("archived-before-date", md("zwdt/zwdt-1.md", article("标题", "2026-11-01 09:00", Archived="2026-10-01")),
     [NEWS + ":", "归档日期早于发布日期"]),
    ("link-traversal", md("zwdt/zwdt-1.md", article("标题", "2026-11-01 09:00", "[x](../../../etc/passwd)")),
     [NEWS + ":", "离开了站点目录"]),
    ("attachment-traversal", md("zwdt/zwdt-1.md", article("标题", "2026-11-01 09:00", "[x]({static}/../tjj/files/a.pdf)")),
     [NEWS + ":", "离开了站点目录"]),
    ("filename-missing", md("zwdt/zwdt-1.md", article("标题", "2026-11-01 09:00", "[x]({filename}/zwdt/nope.md)")),
     [NEWS + ":", "不存在"]),
    ("interprets-dangling", md("zcjd/zcjd-1.md", article("解读", "2026-10-12 09:00", Interprets="江政发〔2099〕1号")),
     ["jiangnan/zcjd/zcjd-1.md:", "Interprets", "不存在"]),
    ("interprets-not-policy", md("zcjd/zcjd-1.md", article("解读", "2026-10-12 09:00", Interprets="zwdt-1")),
     ["jiangnan/zcjd/zcjd-1.md:", "不是政策文件"]),
    ("policy-without-docnumber", md("zcwj/zcwj-1.md", article("政策", "2026-10-10 09:00")), ["zcwj-1.md", "DocNumber"]),
    ("validity-unknown", md("zcwj/zcwj-2.md", article("政策二", "2026-10-10 09:00", DocNumber="江政发〔2026〕9号",
                                                       Validity="作废")), ["zcwj-2.md", "Validity", "已废止"]),
    ("symlink-outside", lambda src: (src / "jiangnan" / "files" / "passwd").symlink_to("/etc/passwd"),
     ["jiangnan/files/passwd", "符号链接"]),
    ("huge-file", md("zwdt/big.md", article("大文件", "2026-11-01 09:00", "字" * (2 * 1024 * 1024))),
     ["big.md", "文件过大"]),
    ("answered-before-asked", md("hdjl/hdjl-1.md", article("留言", "2026-11-02 10:00", Asked="2026-11-02 10:00",
                                                          Answered="2026-10-01 10:00", AnsweredBy="办公室")),
     ["hdjl-1.md", "答复时间早于留言时间"]),
]


@pytest.mark.parametrize("case,defect,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input(case, defect, expected, published, tmp_path):
    src, out = _copy(published, tmp_path)
    before = tree_hash(out)
    defect(src)
    res = run_build(src, out)
    text = res.stdout + res.stderr
    assert res.returncode != 0, text
    assert "Traceback" not in text, text
    for needle in expected:
        assert needle in text, f"{needle!r} not in:\n{text}"
    assert tree_hash(out) == before, "published output changed"


def test_all_problems_reported_at_once(published, tmp_path):
    src, out = _copy(published, tmp_path)
    _edit(src / P, 'site_code = "3299000001"', 'site_code = "1"')
    _edit(src / P, 'icp = "苏ICP备00000001号-1"', 'icp = "x"')
    _edit(src / "tjj/site.toml", 'kind = "news"', 'kind = "bogus"')
    res = run_build(src, out)
    text = res.stderr
    assert res.returncode == 1
    assert "site.site_code" in text and "site.icp" in text and "tjj/site.toml" in text, text


def test_deeply_nested_markdown_builds(published, tmp_path):
    """Pathological but valid Markdown (deep nesting) is built, not crashed on."""
    src, out = _copy(published, tmp_path)
    body = "\n".join("> " * i + "引用" for i in range(1, 60)) + "\n\n" + "".join("  " * i + "- 项\n" for i in range(80))
    _write(src / "jiangnan/zwdt/deep.md", article("深层嵌套", "2026-11-21 09:00", body))
    res = run_build(src, out, "--no-lint")
    assert res.returncode == 0, res.stderr
    assert (out / "jiangnan/zwdt/deep.html").is_file()
