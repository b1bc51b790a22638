"""Fuzzing (issue 9 part 3): hostile input never crashes the linter or the loaders, and
linting stays linear in the size of the page.

* Random tag soup and mutated real pages (the corpus of real government pages and pages of
  the demo build: byte flips, truncation, duplicated slices, unclosed and dropped tags, huge
  attribute values, 5,000-level nesting, NULs, invalid UTF-8, odd ``charset`` declarations,
  BOMs, CJK text) go through EVERY registered rule via the real engine
  (``lint.api.lint_targets`` on a ``lint.runner.Target``, page rules and site rules). The engine
  turns a crashing rule into an ``LNT002`` finding: there must be none, and no exception.
* Random metadata headers (keys, values, dates, encodings, BOMs) through
  ``jiyue.metadata.decode``/``parse_header``, ``jiyue.platform_index.scan_site`` and
  ``build_index``, and the records they yield through the site rules.
* Random TOML documents (valid TOML of random shape and types, and random bytes) through
  ``jiyue.siteconfig.load_site`` and ``load_platform``: only ``ConfigError`` may escape, and each
  of its problems names a file.
* Linear time: a 5 MB 公示 page lints with all rules in bounded time, and doubling the size at
  most roughly doubles the time; pages with thousands of findings scale linearly too.

Hypothesis runs derandomized (``derandomize=True``, no example database) so CI is stable.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import re
import shutil
import statistics
import tempfile
import time
import tomllib
import traceback
from datetime import date, datetime, time as dtime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jiyue.build import build
from jiyue.metadata import KNOWN_KEYS, DecodeProblem, decode, parse_header
from jiyue.platform_index import build_index, scan_site
from jiyue.problems import ConfigError
from jiyue.siteconfig import load_platform, load_site
from lint import api, registry
from lint.config import LintConfig, from_platform
from lint.runner import Target

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "site_src"
CORPUS = ROOT.parent / "shared" / "corpus" / "real-gov-pages"
FIXTURE_SITE = ROOT / "tests" / "lint" / "fixtures" / "jiangnan"
TODAY = date(2026, 11, 24)

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example, HealthCheck.filter_too_much])
LOADER_FUZZ = settings(FUZZ, max_examples=100)
# Linting a page costs up to a second: no shrinking (a failing example is reported as generated,
# named by its base page and its list of mutations).
HTML_FUZZ = settings(FUZZ, phases=[Phase.explicit, Phase.reuse, Phase.generate])


class Bag(dict):
    """A fixture value that Hypothesis prints in one word when it reports a failing example."""

    def __repr__(self) -> str:
        return f"<{', '.join(self)}>"


def all_rules():
    """Every registered rule that the engine runs (page and site scope, preview included)."""
    return [r for r in registry.load_all().values() if r.check is not None]


# ---------------------------------------------------------------------------------------------
# the demo platform, built once

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo platform built for real (without the gate: the gate is not under test here)."""
    out = tmp_path_factory.mktemp("fuzz-demo") / "output"
    logs: list[str] = []
    result = build(SRC, out, lint=False, log=logs.append)
    assert result.code == 0, "\n".join(logs)
    platform = load_platform(SRC)
    site = platform.sites["jiangnan"]
    manifest = json.loads((out / ".jiyue" / "jiangnan" / "pages.json").read_text(encoding="utf-8"))["pages"]
    records, _problems = scan_site(site, TODAY)
    return Bag(out=out, platform=platform, site=site, manifest=manifest, records=records)


def _first(manifest: dict, ptype: str, pred=lambda p: True) -> str:
    return next(p for p, info in sorted(manifest.items()) if info.get("type") == ptype and pred(p))


@pytest.fixture(scope="module")
def pages(demo):
    """A small but complete site for every fuzz run (home, sitemap, column, content) plus the bases
    that the mutations start from: the real-page corpus and demo pages of every type."""
    out, manifest = demo["out"] / "jiangnan", demo["manifest"]
    keep = {_first(manifest, "home"), _first(manifest, "sitemap"), _first(manifest, "column"),
            _first(manifest, "content")}
    context = {p: (out / p).read_bytes() for p in keep}
    theme = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "theme").rglob("*") if p.is_file()}
    bases = {f"corpus/{p.name}": p.read_bytes() for p in sorted(CORPUS.glob("*.html"))}
    samples = {
        "home": _first(manifest, "home"),
        "column": _first(manifest, "column"),
        "content": _first(manifest, "content"),
        "policy": _first(manifest, "content", lambda p: p.startswith("zcwj/")),
        "archived": next(p for p in sorted(manifest) if b"archive-banner" in (out / p).read_bytes()),
        "sitemap": _first(manifest, "sitemap"),
        "library": _first(manifest, "policies"),
    }
    for name, path in samples.items():
        bases[f"demo/{name}"] = (out / path).read_bytes()
    return Bag(context=context, theme=theme, bases=bases, manifest=manifest)


SLOTS = [  # where the fuzzed page is published, and the type the manifest gives it (None: inferred)
    ("zwdt/fuzz.html", "content"),
    ("zwdt/index.html", "column"),
    ("index.html", "home"),
    ("sitemap.html", "sitemap"),
    ("zwdt/fuzz.html", None),
    ("archive/2026-01-01/zwdt/fuzz.html", None),  # a whole-site snapshot: the archive rules only
]


LINT_TIMEOUT = 30.0  # seconds for one fuzz lint; a page this small that takes longer is super-linear code


def in_child(fn, timeout: float = LINT_TIMEOUT) -> tuple[str, object]:
    """Run ``fn`` in a forked child: ("ok", value) | ("error", traceback) | ("timeout", s) | ("died", code).
    A hanging regex cannot be interrupted in-process; this way it fails the test instead of hanging it."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def main():
        try:
            child.send(("ok", fn()))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            child.send(("error", "".join(traceback.format_exception(exc))[-4000:]))

    proc = ctx.Process(target=main, daemon=True)
    proc.start()
    child.close()
    if not parent.poll(timeout):
        proc.kill()
        proc.join()
        return "timeout", timeout
    try:
        outcome = parent.recv()
    except EOFError:
        outcome = ("died", None)
    proc.join()
    if outcome[0] == "died":
        outcome = ("died", proc.exitcode)
    parent.close()
    return outcome


def crashes_of(result) -> list[str]:
    return [f"{f.rule} {f.page}: {f.message}" for f in result.findings if f.rule == "LNT002"]


def lint_with_fuzzed_page(demo, pages, raw: bytes, slot: tuple[str, str | None], *, with_site: bool = True,
                          with_platform: bool = True) -> tuple[str, object]:
    """Lint a small demo site in which ``raw`` is published at ``slot``, with every rule, in a
    forked child; the outcome's value is the list of LNT002 (crashed rule) findings."""
    path, ptype = slot

    def run():
        with tempfile.TemporaryDirectory(prefix="jiyue-fuzz-") as tmp:
            out = Path(tmp) / "jiangnan"
            for rel, data in {**pages["theme"], **pages["context"], path: raw}.items():
                (out / rel).parent.mkdir(parents=True, exist_ok=True)
                (out / rel).write_bytes(data)
            manifest = {p: pages["manifest"][p] for p in pages["context"]}
            manifest.pop(path, None)
            if ptype is not None:
                manifest[path] = {"type": ptype, "source": None, "template": "article.html", "column": "zwdt"}
            site = demo["site"] if with_site else None
            target = Target(site_id="jiangnan", site=site, out_dir=out, manifest=manifest,
                            records=demo["records"] if with_site else [], src_dir=site.path if with_site else None)
            result = api.lint_targets([target], today=TODAY, config=LintConfig(), rules=all_rules(),
                                      platform=demo["platform"] if with_platform and with_site else None)
        return crashes_of(result)

    return in_child(run)


def assert_no_crash(outcome: tuple[str, object], what: str) -> None:
    kind, value = outcome
    assert kind != "timeout", f"{what}: linting did not finish within {value:.0f} s (super-linear or hanging code)"
    assert kind != "died", f"{what}: the linting process died (exit code {value})"
    assert kind != "error", f"{what}: the engine raised instead of reporting:\n{value}"
    assert not value, f"{what}: a rule crashed (LNT002):\n" + "\n".join(value)


# ---------------------------------------------------------------------------------------------
# HTML strategies

TAGS = ["html", "head", "body", "title", "meta", "link", "script", "style", "main", "header", "nav", "footer",
        "div", "span", "p", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "caption", "ul", "ol", "li",
        "h1", "h2", "h3", "h4", "h5", "h6", "time", "form", "input", "label", "button", "select", "option",
        "textarea", "iframe", "video", "audio", "source", "embed", "object", "marquee", "blink", "svg", "math",
        "noscript", "template", "area", "map", "br", "hr", "strong", "pre", "section", "article", "aside",
        "details", "summary", "base", "frameset", "frame", "font", "center", "x-custom", "ARTICLE"]
ATTRS = ["href", "src", "srcset", "alt", "name", "content", "http-equiv", "charset", "id", "class", "style", "lang",
         "role", "aria-hidden", "aria-label", "aria-labelledby", "hidden", "datetime", "type", "for", "title",
         "data-gov", "data-archived", "data-elder-toggle", "onclick", "onload", "autoplay", "controls", "scope",
         "headers", "colspan", "rowspan", "action", "sitecode", "integrity", "target", "rel", "tabindex", "value",
         "xmlns", "xlink:href", "usemap", "data"]
PAGE_TAGS = ["SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnDescription", "ColumnKeywords",
             "ColumnType", "ArticleTitle", "PubDate", "ContentSource", "Keywords", "Author", "Description", "Image",
             "Url", "ArchiveDate", "viewport", "robots", "sitename", ""]
WEIRD_URLS = [
    "", " ", "#", "#top", "?", "../", "../../../../etc/passwd", "/", "//", "///x", "./", ".", "..", "index.html",
    "../files/附件.pdf", "files/%E9%99%84%E4%BB%B6.pdf", "%zz%", "%", "%00", "a%2F..%2F..%2Fb", "http://", "https://",
    "http://[::1", "https://[", "http://[fe80::1%25en0]/", "https://www.jiangnan.gov.cn:99999/", "https://:80",
    "https://user:pw@www.jiangnan.gov.cn/zwdt/", "https://www.jiangnan.gov.cn", "https://WWW.JIANGNAN.GOV.CN/x",
    "https://江南市人民政府.政务/", "https://xn--/", "javascript:alert(1)", "JaVaScRiPt:void(0)", "java\tscript:x",
    "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x", "mailto:", "tel:", "ftp://x/y", "file:///etc/passwd",
    "about:blank", "http://beian.miit.gov.cn", "http://www.miibeian.gov.cn/", "https://beian.mps.gov.cn/#/query/"
    "webSearch?code=", "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=&url=", "https://dcs.conac.cn/js/"
    "33/000/0000/60429971/CA330000000604299710001.js", "x.pdf?a=1#b", "\\\\server\\share", "C:\\x.doc",
    "http://a/" + "b/" * 300, "a" * 5000, "../" * 400 + "x", "#" + "中" * 300, "https://xn--" + "a" * 70 + ".gov.cn/",
]
TEXTS = [
    "网站标识码：3299000001", "网站标识码", "标识码：", "苏ICP备00000001号-1", "ICP备", "苏公网安备32990002000001号",
    "公网安备", "主办单位：", "联系方式：", "我为政府网站找错", "党政机关", "关怀版", "长者模式", "网站地图",
    "已归档", "归档时间：2026-01-01", "发布时间：2026-11-24 09:30", "2026-11-24", "2026年11月24日", "11-24", "2026/11/24",
    "9999-99-99", "0000-00-00 00:00", "2026-02-30", "事项名称", "设定依据", "办理材料", "申请表", "原件1份",
    "其他材料", "有关部门", "效力状态：已废止", "江政发〔2026〕3号", "〔2026〕", "号", "立即下载", "点击领取",
    "329900199001011234", "3299**********123X", "13800138000", "138 0013 8000", "+86 138-0013-8000", "138****8000",
    "6222021234567890123", "6222 0212 3456 7890", "20261124093000000", "0519-00000000", "更多", "点击这里",
    "中华民国", "台湾政府", "&nbsp;", "&#0;", "&#x110000;", "&#xD800;", "&amp", "&lt;script&gt;", "]]>", "<![CDATA[",
    "\u200b", "\u202e", "\ufeff", "\x0b\x0c", "\r\n", "\r", "\t",
]
CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=40)
BIG = st.builds(lambda c, n: c * n, st.sampled_from(["A", "中", "1", "&amp;", " ", "<", '"', "\\", "-", "*"]),
                st.integers(1000, 200_000))
DATES = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(lambda d: d.strftime("%Y-%m-%d %H:%M")),
    st.builds(lambda y, m, d, h, mi: f"{y:04d}-{m:02d}-{d:02d} {h:02d}:{mi:02d}", st.integers(0, 9999),
              st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99)),
    st.sampled_from(["2026-11-24T09:30:00+08:00", "2026-11-24 09:30:00", "２０２６-１１-２４", "٢٠٢٦-١١-٢٤", "2026-1-1",
                     "24/11/2026", "2026-11-24 25:61", "-2026-11-24", "2026-11-24 09:30 PM", ""]),
)
VALUES = st.one_of(st.text(max_size=30), st.sampled_from(WEIRD_URLS), st.sampled_from(TEXTS), DATES, CJK, BIG)
SEPARATORS = st.sampled_from(["", " ", "\n", "\t", "\x00", "&nbsp;", "　"])


@st.composite
def start_tags(draw):
    tag = draw(st.one_of(st.sampled_from(TAGS), st.text(alphabet="abcxyz-:0", min_size=1, max_size=8)))
    parts = [f"<{tag}"]
    if tag == "meta" and draw(st.booleans()):
        parts.append(f' name="{draw(st.sampled_from(PAGE_TAGS))}"')
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.one_of(st.sampled_from(ATTRS), st.text(alphabet="abcon-:_", min_size=1, max_size=8)))
        value = draw(VALUES)
        quote = draw(st.sampled_from(['"', "'", "", None]))
        if quote is None:
            parts.append(f" {name}")
        elif quote == "":
            parts.append(f" {name}={value.replace(' ', '').replace('>', '')}")
        else:
            parts.append(f" {name}={quote}{value.replace(quote, '')}{quote}")
    parts.append(draw(st.sampled_from([">", "/>", " >", "", "\n>"])))
    return "".join(parts)


TOKENS = st.one_of(
    start_tags(),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    VALUES,
    st.sampled_from(TEXTS),
    SEPARATORS,
    st.sampled_from(["<!--", "-->", "<!-- x -->", "<!DOCTYPE html>", "<?xml version='1.0'?>", "<", ">", "</", "<>",
                     "<!", "<script>", "</script>", "<style>a{}</style>", "<textarea>", "<plaintext>", "<xmp>"]),
)
TAG_SOUP = st.lists(TOKENS, max_size=60).map("".join)


# ---------------------------------------------------------------------------------------------
# byte-level mutations

INVALID_UTF8 = [b"\xff", b"\xfe", b"\x80", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                b"\xc0\xaf", b"\xf8\x88\x80\x80\x80", b"\xef\xbf\xbe"]
ODD_CHARSETS = ["utf-8", "gb2312", "gbk", "gb18030", "big5", "utf-16", "utf-32", "latin-1", "shift_jis", "x-unknown",
                "idna", "punycode", "undefined", "rot13", "hex", "base64", "unicode_escape", "utf-7", "cp65001", "a" * 200]


def _pos(raw: bytes, n: int, snap: bool) -> int:
    p = n % (len(raw) + 1)
    if snap:
        q = raw.find(b"<", p)
        p = q if q >= 0 else len(raw)
    return p


def _insert(raw: bytes, n: int, snap: bool, piece: bytes) -> bytes:
    p = _pos(raw, n, snap)
    return raw[:p] + piece + raw[p:]


def apply_mutation(raw: bytes, m: tuple) -> bytes:
    kind, n, snap, arg = m
    if kind == "flip":
        if not raw:
            return raw
        p = n % len(raw)
        return raw[:p] + bytes([raw[p] ^ (arg or 1)]) + raw[p + 1:]
    if kind == "truncate":
        return raw[:_pos(raw, n, snap)]
    if kind == "duplicate":
        p = _pos(raw, n, snap)
        return raw[:p] + raw[p:p + arg] + raw[p:]
    if kind == "drop_end_tags":
        return re.sub(rb"</" + re.escape(arg.encode()) + rb"\s*>", b"", raw, flags=re.I)
    if kind == "unclose":  # cut every '>' of one kind of start tag: attributes run on
        return re.sub(rb"(<" + re.escape(arg.encode()) + rb"\b[^>]*)>", rb"\1", raw, count=50, flags=re.I)
    if kind == "huge_attr":
        char, size = arg
        return _insert(raw, n, True, f'<span title="{char * size}" data-x={char * size}>属性</span>'.encode())
    if kind == "nest":
        tag, depth, close = arg
        piece = f"<{tag}>" * depth + "嵌套" + (f"</{tag}>" * depth if close else "")
        return _insert(raw, n, snap, piece.encode())
    if kind == "nul":
        return _insert(raw, n, snap, b"\x00" * arg)
    if kind == "invalid_utf8":
        return _insert(raw, n, snap, arg)
    if kind == "bom":
        return arg + raw
    if kind == "charset":
        return f'<meta charset="{arg}"><meta http-equiv="Content-Type" content="text/html; charset={arg}">'.encode() \
            + raw + b"\xff\xfe\x80"
    if kind == "text":
        return _insert(raw, n, snap, arg.encode("utf-8"))
    raise AssertionError(kind)


POSITION = st.integers(0, 2**31)
MUTATIONS = st.one_of(
    st.tuples(st.just("flip"), POSITION, st.just(False), st.integers(1, 255)),
    st.tuples(st.just("truncate"), POSITION, st.booleans(), st.none()),
    st.tuples(st.just("duplicate"), POSITION, st.booleans(), st.integers(1, 20_000)),
    st.tuples(st.just("drop_end_tags"), st.just(0), st.just(False),
              st.sampled_from(["div", "table", "tr", "td", "a", "main", "footer", "ul", "li", "head", "body", "html",
                               "script", "style", "title", "p", "span", "time", "h1"])),
    st.tuples(st.just("unclose"), st.just(0), st.just(False),
              st.sampled_from(["a", "div", "meta", "img", "td", "script", "time", "html", "body", "footer"])),
    st.tuples(st.just("huge_attr"), POSITION, st.just(True),
              st.tuples(st.sampled_from(["A", "中", "&amp;", "1", " ", "\\"]), st.integers(10_000, 300_000))),
    st.tuples(st.just("nest"), POSITION, st.booleans(),
              st.tuples(st.sampled_from(["div", "span", "b", "ul", "li", "table", "td", "a", "p", "section", "main",
                                         "blockquote", "font", "footer", "svg", "math", "template"]),
                        st.integers(1, 5_000), st.booleans())),
    st.tuples(st.just("nul"), POSITION, st.booleans(), st.integers(1, 100)),
    st.tuples(st.just("invalid_utf8"), POSITION, st.booleans(), st.sampled_from(INVALID_UTF8)),
    st.tuples(st.just("bom"), st.just(0), st.just(False),
              st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"])),
    st.tuples(st.just("charset"), st.just(0), st.just(False), st.sampled_from(ODD_CHARSETS)),
    st.tuples(st.just("text"), POSITION, st.booleans(), st.one_of(CJK, TAG_SOUP, st.sampled_from(TEXTS))),
)


# ---------------------------------------------------------------------------------------------
# HTML → every rule

def test_every_rule_is_fuzzed():
    """The fuzz covers whatever is registered, including rules added after this file was written."""
    rules = all_rules()
    assert {r.scope for r in rules} == {"page", "site"}
    families = {re.match(r"[A-Z]+(?=\d{3}$)|A11Y", r.id).group(0) for r in rules}
    assert {"GOV", "COL", "LNK", "A11Y"} <= families, families


@settings(HTML_FUZZ, max_examples=50)
@given(soup=TAG_SOUP, slot=st.sampled_from(SLOTS), with_site=st.booleans(), wrap=st.booleans())
def test_tag_soup_never_crashes_a_rule(demo, pages, soup, slot, with_site, wrap):
    html = f"<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8></head><body><main>{soup}</main></body></html>" \
        if wrap else soup
    outcome = lint_with_fuzzed_page(demo, pages, html.encode("utf-8"), slot, with_site=with_site)
    assert_no_crash(outcome, f"tag soup {soup[:200]!r}")


@settings(HTML_FUZZ, max_examples=60)
@given(data=st.data())
def test_mutated_real_pages_never_crash_a_rule(demo, pages, data):
    name = data.draw(st.sampled_from(sorted(pages["bases"])), label="base")
    muts = data.draw(st.lists(MUTATIONS, min_size=1, max_size=4), label="mutations")
    raw = pages["bases"][name]
    for m in muts:
        raw = apply_mutation(raw, m)
    slot = data.draw(st.sampled_from(SLOTS), label="slot")
    with_site = data.draw(st.booleans(), label="with_site")
    outcome = lint_with_fuzzed_page(demo, pages, raw, slot, with_site=with_site)
    assert_no_crash(outcome, f"{name} after {[m[:2] + (str(m[3])[:40],) for m in muts]}")


@pytest.mark.parametrize("tag", ["div", "span", "table", "ul", "li", "a", "p", "blockquote", "font", "td", "main",
                                 "footer", "svg", "template"])
def test_5000_levels_of_nesting(demo, pages, tag):
    base = pages["bases"]["demo/content"].decode("utf-8")
    deep = base.replace('<div class="article-body">',
                        '<div class="article-body">' + f"<{tag} class=x>" * 5000 + "第五千层" + f"</{tag}>" * 5000)
    assert deep != base
    outcome = lint_with_fuzzed_page(demo, pages, deep.encode("utf-8"), ("zwdt/fuzz.html", "content"))
    assert_no_crash(outcome, f"5,000 nested <{tag}>")


@pytest.mark.parametrize("value,quote", [("中", '"'), ("1", '"'), (" ", '"'), (" ", ""), ("&amp;", "'")],
                         ids=["cjk-quoted", "digits-quoted", "spaces-quoted", "spaces-unquoted", "entities-quoted"])
def test_huge_attribute_values(demo, pages, value, quote):
    """1,000,000-character attribute values on the heading, a page tag and a link (quoted or not)."""
    base = pages["bases"]["demo/content"].decode("utf-8")
    huge = value * 1_000_000
    page = base.replace("<h1", f"<h1 title={quote}{huge}{quote} data-big={quote}{huge}{quote}", 1).replace(
        '<meta name="PubDate" content="', f'<meta name="Keywords" content="{huge}"><meta name="PubDate" content="', 1)
    page = page.replace('<div class="article-body">',
                        f'<div class="article-body"><p><a data-x={quote}{huge}{quote} href="../files/none.pdf">附件</a>'
                        f'<img alt={quote}{huge}{quote} src="none.png"></p>', 1)
    assert page != base
    outcome = in_child(lambda: crashes_of(_lint_page_alone(demo, pages, page.encode("utf-8"))), timeout=30)
    assert_no_crash(outcome, f"1,000,000 × {value!r} attribute values ({'quoted' if quote else 'unquoted'})")


def _lint_page_alone(demo, pages, raw: bytes):
    with tempfile.TemporaryDirectory(prefix="jiyue-fuzz-") as tmp:
        out = Path(tmp) / "jiangnan"
        (out / "zwdt").mkdir(parents=True)
        (out / "zwdt" / "fuzz.html").write_bytes(raw)
        target = Target(site_id="jiangnan", site=demo["site"], out_dir=out,
                        manifest={"zwdt/fuzz.html": {"type": "content", "column": "zwdt"}})
        return api.lint_targets([target], today=TODAY, config=LintConfig(), rules=all_rules(),
                                platform=demo["platform"])


@pytest.mark.parametrize("charset", ODD_CHARSETS)
def test_pages_declaring_odd_charsets(demo, pages, charset):
    """A page that is not UTF-8 is decoded with the charset it declares; a declared codec that
    is unknown, not a text encoding or unable to replace bad bytes must not stop the run."""
    raw = apply_mutation(pages["bases"]["demo/content"], ("charset", 0, False, charset))
    outcome = lint_with_fuzzed_page(demo, pages, raw, ("zwdt/fuzz.html", None))
    assert_no_crash(outcome, f'<meta charset="{charset}"> on a non-UTF-8 page')


# ---------------------------------------------------------------------------------------------
# metadata headers → decode / parse_header / scan_site / build_index → site rules

KEY_SPELLINGS = sorted(set(KNOWN_KEYS.values()) | set(KNOWN_KEYS) | {
    "Reveiwer", "Titel", "Dat", "DATE", "TITLE", "Doc_Number", "Interpret", "Approvr", "X-Custom", "a", "A1-b_c"})
HEADER_KEYS = st.one_of(st.sampled_from(KEY_SPELLINGS),
                        st.text(alphabet="abcdeTitlDRvwr_-0", min_size=1, max_size=14))
HEADER_VALUES = st.one_of(DATES, st.text(max_size=40), CJK, st.sampled_from(TEXTS), st.sampled_from(WEIRD_URLS),
                          st.sampled_from(["yes", "no", "是", "有效", "已废止", "已失效", "无效", "江政发〔2026〕3号",
                                           "江政发〔2026〕3号; 不存在〔2026〕1号", "jiangnan/zcwj/x", "zcwj/", ";;;",
                                           "文字解读", "图解", "张敏, 李强", "张敏", "../x", "a" * 300]))
HEADER_SEPS = st.sampled_from([": ", ":", " : ", ":\t", "：", " ", "=", ":  "])


@st.composite
def headers(draw):
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            lines.append("    " + draw(HEADER_VALUES))  # continuation
        elif kind == 1:
            lines.append(draw(st.text(max_size=30)))
        else:
            lines.append(f"{draw(HEADER_KEYS)}{draw(HEADER_SEPS)}{draw(HEADER_VALUES)}")
    return lines


LINK_TARGETS = st.one_of(
    st.sampled_from(WEIRD_URLS),
    st.sampled_from(["{static}/files/x.pdf", "{static}/files/" + "长" * 200 + ".pdf", "{filename}/zcwj/" + "a" * 300 + ".md",
                     "{filename}/../../../etc/passwd", "{attach}../files/x.pdf", "{static}", "{filename}", "{unknown}/x",
                     "{static}/files/" + "a" * 5000, "../files/" + "b" * 300 + ".pdf", "{static}/" + "x/" * 2000,
                     "{filename}/zcwj/2026-03-02-yhyshj.md", "{static}/files/ok.pdf#p=2"]),
    st.text(max_size=60),
)


@st.composite
def articles(draw) -> bytes:
    head = draw(headers())
    body_lines = []
    for _ in range(draw(st.integers(0, 6))):
        t = draw(LINK_TARGETS).replace("\n", "")
        body_lines.append(draw(st.sampled_from([f"[链接]({t})", f'<a href="{t}">x</a>', f"![图]({t} \"t\")",
                                                f"<img src='{t}'>", f"[x](<{t}>)", t])))
    text = "\n".join(head) + draw(st.sampled_from(["\n\n", "\n", "", "\r\n\r\n"])) + "\n".join(body_lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16", "big5", "latin-1"]))
    raw = text.encode(encoding, errors="replace")
    for m in draw(st.lists(st.tuples(st.sampled_from(["flip", "nul", "invalid_utf8", "truncate"]), POSITION,
                                     st.just(False), st.sampled_from(INVALID_UTF8)), max_size=2)):
        kind, n, snap, arg = m
        raw = apply_mutation(raw, (kind, n, snap, 1 if kind == "nul" else (0x20 if kind == "flip" else arg)))
    return raw


@LOADER_FUZZ
@given(text=st.one_of(st.text(), st.lists(st.text(max_size=40), max_size=20).map("\n".join),
                      headers().map("\n".join)))
def test_parse_header_never_raises(text):
    header = parse_header(text)
    n = len(text.splitlines())
    for key, value in header.values.items():
        assert key == key.lower() and isinstance(value, str)
    for key, line in header.lines.items():
        assert 1 <= line <= max(n, 1), (key, line)
    assert 1 <= header.body_start <= n + 1


@LOADER_FUZZ
@given(raw=st.one_of(st.binary(max_size=400), articles(),
                     st.text().map(lambda t: t.encode("utf-16")), st.text().map(lambda t: b"\xef\xbb\xbf" + t.encode())))
def test_decode_returns_text_or_a_decode_problem(raw):
    try:
        text = decode(raw)
    except DecodeProblem as exc:
        assert exc.message and exc.expected
        return
    assert isinstance(text, str) and "\x00" not in text and not text.startswith("\ufeff")


def _platform_copy(tmp: Path) -> Path:
    """A one-site platform: the demo portal's site.toml (every column kind) without its articles."""
    src = tmp / "site_src"
    site_dir = src / "jiangnan"
    site_dir.mkdir(parents=True)
    shutil.copy(SRC / "jiangnan" / "site.toml", site_dir / "site.toml")
    (site_dir / "files").mkdir()
    (site_dir / "files" / "ok.pdf").write_bytes(b"%PDF-1.4\n")
    return src


@LOADER_FUZZ
@given(docs=st.lists(st.tuples(st.sampled_from(["zwdt", "zcwj", "zcjd", "hdjl", "bsfw", "tzgg", "nocolumn"]),
                               st.sampled_from(["a.md", "2026-11-01-x.md", "中文 名.md", "a b.md", "-x.md", ".md",
                                                "x" * 200 + ".md", "A.MD", "x.markdown"]),
                               articles()), min_size=1, max_size=6))
def test_random_articles_through_the_platform_index(docs):
    """scan_site / build_index report problems (never raise), each naming a file of the site; the
    records they accept feed the site rules without crashing one."""
    with tempfile.TemporaryDirectory(prefix="jiyue-fuzz-") as tmp:
        src = _platform_copy(Path(tmp))
        site_dir = src / "jiangnan"
        for column, name, raw in docs:
            (site_dir / column).mkdir(exist_ok=True)
            (site_dir / column / name).write_bytes(raw)
        platform = load_platform(src)
        site = platform.sites["jiangnan"]
        records, problems = scan_site(site, TODAY, root=Path(tmp))
        for p in problems:
            assert p.file and p.file.startswith("site_src/jiangnan/"), p
            assert p.message, p
            p.format()  # every problem prints
        index = build_index(platform, TODAY, root=Path(tmp))
        for p in index.problems:
            assert p.file and p.file.startswith("site_src/jiangnan/"), p
        json.loads(index.to_json())
        out = Path(tmp) / "output" / "jiangnan"
        out.mkdir(parents=True)
        (out / "index.html").write_bytes(b"<!DOCTYPE html><html lang=zh-CN><title>x</title><main></main></html>")
        target = Target(site_id="jiangnan", site=site, out_dir=out, records=records, src_dir=site_dir,
                        manifest={r.url: {"type": "content", "source": r.source, "column": r.column} for r in records})
        for r in records:
            (out / r.url).parent.mkdir(parents=True, exist_ok=True)
            (out / r.url).write_text(f"<html lang=zh-CN><title>{r.title}</title><main><h1>{r.title}</h1></main></html>",
                                     encoding="utf-8")
        outcome = in_child(lambda: crashes_of(api.lint_targets([target], today=TODAY, config=LintConfig(),
                                                               rules=all_rules(), platform=platform)))
    assert_no_crash(outcome, f"records of {[(c, n) for c, n, _ in docs]}")


# ---------------------------------------------------------------------------------------------
# TOML → load_site / load_platform

def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_str(key)


def toml_str(s: str) -> str:
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(v), repr(v))
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, (datetime, date, dtime)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


def to_toml(doc: dict) -> str:
    """A TOML writer for tests: scalars and inline tables first, then [tables] and [[arrays of tables]]."""
    lines = []
    tables = []
    for k, v in doc.items():
        if isinstance(v, dict):
            tables.append(("table", k, v))
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            tables.append(("array", k, v))
        else:
            lines.append(f"{toml_key(k)} = {toml_value(v)}")
    for kind, k, v in tables:
        for item in (v if kind == "array" else [v]):
            lines.append(f"\n[[{toml_key(k)}]]" if kind == "array" else f"\n[{toml_key(k)}]")
            lines += [f"{toml_key(ik)} = {toml_value(iv)}" for ik, iv in item.items()]
    return "\n".join(lines) + "\n"


SCALARS = st.one_of(
    st.text(max_size=20), st.integers(-2**63, 2**63 - 1), st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True), st.datetimes(), st.dates(), st.times(),
    st.sampled_from(["", " ", "null", "3299000001", "bm12345678", "www.jiangnan.gov.cn", "portal", "department", "news",
                     "policy", "苏ICP备00000001号-1", "苏公网安备32990002000001号", "江南市人民政府.政务",
                     "0A87C46FEE4D331AE053022819ACDC8C", "0519-00000000", "zwdt", "files", "ZWDT", "a b", "../x"]))
TOML_VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                           max_leaves=12)
SITE_KEYS = ["name", "kind", "domain", "chinese_domain", "site_code", "icp", "police_record", "conac_id", "host_org",
             "contact", "parent", "provides_services", "nmae", "Domain", ""]
COLUMN_KEYS = ["id", "name", "type", "kind", "description", "keywords", "update_days", "parent", "kidn", ""]


def _base_site_doc() -> dict:
    return tomllib.loads((FIXTURE_SITE / "site.toml").read_text(encoding="utf-8"))


@st.composite
def site_docs(draw) -> dict:
    """The fixture site.toml with random edits: keys replaced by random types, added, dropped;
    whole tables replaced; unknown tables."""
    doc = _base_site_doc()
    for _ in range(draw(st.integers(0, 8))):
        where = draw(st.sampled_from(["site", "column", "top"]))
        if where == "site" and isinstance(doc.get("site"), dict):
            key = draw(st.one_of(st.sampled_from(SITE_KEYS), st.text(max_size=10)))
            if draw(st.booleans()):
                doc["site"][key] = draw(TOML_VALUES)
            else:
                doc["site"].pop(key, None)
        elif where == "column" and isinstance(doc.get("column"), list) and doc["column"]:
            i = draw(st.integers(0, len(doc["column"]) - 1))
            key = draw(st.one_of(st.sampled_from(COLUMN_KEYS), st.text(max_size=10)))
            action = draw(st.integers(0, 3))
            if action == 0:
                doc["column"][i].pop(key, None)
            elif action == 1:
                doc["column"].append(dict(doc["column"][i]))  # duplicate id
            else:
                doc["column"][i][key] = draw(TOML_VALUES)
        else:
            key = draw(st.sampled_from(["site", "column", "extra", "lint", ""]))
            doc[key] = draw(st.one_of(TOML_VALUES, st.lists(st.dictionaries(st.sampled_from(COLUMN_KEYS), SCALARS,
                                                                           max_size=6), min_size=1, max_size=3)))
    return doc


def assert_config_error_names_files(exc: ConfigError, folder: Path) -> None:
    assert exc.problems, "ConfigError without problems"
    for p in exc.problems:
        assert p.file and ("site.toml" in p.file or "platform.toml" in p.file or p.file.rstrip("/").endswith(
            folder.name) or "site_src" in p.file), p
        assert p.message, p
        p.format()
        p.to_json()
    str(exc)


@LOADER_FUZZ
@given(doc=st.one_of(site_docs(), st.dictionaries(st.text(max_size=10), TOML_VALUES, max_size=6)))
def test_random_site_toml_only_raises_config_error(doc):
    text = to_toml(doc)
    assert tomllib.loads(text) is not None  # the generator writes valid TOML
    with tempfile.TemporaryDirectory(prefix="jiyue-fuzz-") as tmp:
        site_dir = Path(tmp) / "site_src" / "jiangnan"
        site_dir.mkdir(parents=True)
        (site_dir / "site.toml").write_text(text, encoding="utf-8")
        try:
            site = load_site(site_dir, root=Path(tmp))
        except ConfigError as exc:
            assert_config_error_names_files(exc, site_dir)
            return
        assert site.id == "jiangnan" and site.name


@LOADER_FUZZ
@given(raw=st.one_of(st.binary(max_size=300),
                     site_docs().map(lambda d: to_toml(d).encode("utf-8")).flatmap(
                         lambda b: st.tuples(st.just(b), st.lists(st.tuples(st.sampled_from(["flip", "truncate",
                                                                                             "invalid_utf8", "bom", "nul"]),
                                                                            POSITION, st.just(False),
                                                                            st.sampled_from(INVALID_UTF8)), max_size=3))
                     ).map(lambda bm: _mutate_all(*bm))))
def test_random_site_toml_bytes_only_raise_config_error(raw):
    with tempfile.TemporaryDirectory(prefix="jiyue-fuzz-") as tmp:
        site_dir = Path(tmp) / "site_src" / "jiangnan"
        site_dir.mkdir(parents=True)
        (site_dir / "site.toml").write_bytes(raw)
        try:
            load_site(site_dir, root=Path(tmp))
        except ConfigError as exc:
            assert_config_error_names_files(exc, site_dir)
        try:
            load_platform(site_dir.parent, root=Path(tmp))
        except ConfigError as exc:
            assert_config_error_names_files(exc, site_dir)


def _mutate_all(raw: bytes, muts) -> bytes:
    for kind, n, snap, arg in muts:
        if kind == "flip":
            arg = 0x40
        elif kind == "bom":
            arg = b"\xef\xbb\xbf"
        elif kind == "nul":
            arg = 1
        raw = apply_mutation(raw, (kind, n, snap, arg))
    return raw


PLATFORM_DOCS = st.fixed_dictionaries({}, optional={
    "lint": st.fixed_dictionaries({}, optional={
        "today": st.one_of(SCALARS, st.just("2026-11-24"), st.just("2026-02-30")),
        "select": TOML_VALUES, "ignore": TOML_VALUES, "warn_days": TOML_VALUES, "fail_on": TOML_VALUES,
        "severity": st.one_of(TOML_VALUES, st.dictionaries(st.sampled_from(["GOV101", "gov208", "X", ""]),
                                                            st.sampled_from(["error", "warning", "info", "fatal", ""]))),
        "settings": st.one_of(TOML_VALUES, st.dictionaries(
            st.sampled_from(["allow_hosts", "interpretation_workdays", "reply_workdays", "expressions_file", "x"]),
            TOML_VALUES, max_size=4)),
        "unknown": TOML_VALUES}),
    "security": st.one_of(TOML_VALUES, st.fixed_dictionaries({"iframe_hosts": TOML_VALUES})),
    "other": TOML_VALUES,
})


@LOADER_FUZZ
@given(doc=PLATFORM_DOCS)
def test_random_platform_toml_only_raises_config_error(doc):
    """platform.toml goes through the platform loader and the lint settings loader; a bad value is
    a ConfigError naming platform.toml, never a traceback."""
    with tempfile.TemporaryDirectory(prefix="jiyue-fuzz-") as tmp:
        src = _platform_copy(Path(tmp))
        (src / "platform.toml").write_text(to_toml(doc), encoding="utf-8")
        try:
            platform = load_platform(src, root=Path(tmp))
            cfg = from_platform(platform.config)
        except ConfigError as exc:
            assert_config_error_names_files(exc, src)
            return
        assert isinstance(cfg, LintConfig)


# ---------------------------------------------------------------------------------------------
# linear time

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
TOWNS = ["城东街道", "城西街道", "湖塘镇", "牛塘镇", "洛阳镇", "雪堰镇", "前黄镇", "礼嘉镇"]
N_FILES = 50


def gongshi_page(base: str, size: int) -> str:
    """A 公示 (public notice) page of about ``size`` bytes: one long table of masked personal data,
    amounts, dates and links to the published attachments."""
    rng = random.Random(20261124)
    rows, n, i = [], 0, 0
    while n < size:
        i += 1
        row = (f"<tr><td>{i}</td><td>{rng.choice(SURNAMES)}*{rng.choice(GIVEN)}</td>"
               f"<td>{rng.choice(TOWNS)}{rng.randint(1, 30)}号</td><td>3299**********{rng.randint(100, 999)}X</td>"
               f"<td>138****{rng.randint(1000, 9999)}</td><td>{rng.randint(100, 99999)}.{rng.randint(0, 99):02d}</td>"
               f'<td><time datetime="2026-11-{rng.randint(1, 20):02d}">2026年11月{rng.randint(1, 20)}日</time></td>'
               f'<td><a href="../files/gs-{i % N_FILES}.pdf">查看附件</a></td></tr>\n')
        rows.append(row)
        n += len(row.encode("utf-8"))
    table = ("<table><caption>2026年度城乡低保发放情况公示</caption><thead><tr><th scope=\"col\">序号</th>"
             "<th scope=\"col\">姓名</th><th scope=\"col\">地址</th><th scope=\"col\">身份证号</th><th scope=\"col\">电话</th>"
             "<th scope=\"col\">金额（元）</th><th scope=\"col\">日期</th><th scope=\"col\">附件</th></tr></thead><tbody>\n"
             + "".join(rows) + "</tbody></table>")
    page = base.replace('<div class="article-body">', '<div class="article-body">' + table, 1)
    assert page != base
    return page


def _lint_once(demo, pages, html: str, files: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one lint of a site holding the page, all rules."""
    with tempfile.TemporaryDirectory(prefix="jiyue-linear-") as tmp:
        out = Path(tmp) / "jiangnan"
        for rel, data in {**pages["theme"], **pages["context"]}.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(data)
        (out / "zcwj").mkdir(exist_ok=True)
        (out / "zcwj" / "gs.html").write_text(html, encoding="utf-8")
        (out / "files").mkdir(exist_ok=True)
        for f in files:
            (out / "files" / f).write_bytes(b"%PDF-1.4\n")
        manifest = {p: pages["manifest"][p] for p in pages["context"]}
        manifest["zcwj/gs.html"] = {"type": "content", "source": None, "template": "article.html", "column": "zcwj"}
        target = Target(site_id="jiangnan", site=demo["site"], out_dir=out, manifest=manifest)
        wall, cpu = time.perf_counter(), time.process_time()
        result = api.lint_targets([target], today=TODAY, config=LintConfig(), rules=all_rules(),
                                  platform=demo["platform"])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    crashes = crashes_of(result)
    assert not crashes, "\n".join(crashes)
    return wall, cpu


def _medians(demo, pages, small: str, large: str, files: list[str]):
    """Interleaved runs (small, large, small, large, …) so a change of machine load hits both;
    medians of 3 of the wall clock (time.perf_counter) and of the CPU time of this process."""
    runs = {"small": [], "large": []}
    for _ in range(3):
        runs["small"].append(_lint_once(demo, pages, small, files))
        runs["large"].append(_lint_once(demo, pages, large, files))
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
    return med["small"], med["large"]


@pytest.mark.slow
def test_5mb_gongshi_page_lints_in_linear_time(demo, pages):
    base = pages["bases"]["demo/content"].decode("utf-8")
    small, large = gongshi_page(base, 2_500_000), gongshi_page(base, 5_000_000)
    assert len(large.encode()) >= 5_000_000
    files = [f"gs-{i}.pdf" for i in range(N_FILES)]
    (w_small, c_small), (w_large, c_large) = _medians(demo, pages, small, large, files)
    detail = (f"2.5 MB: {w_small:.2f} s wall / {c_small:.2f} s CPU; 5 MB: {w_large:.2f} s wall / {c_large:.2f} s CPU "
              f"(medians of 3)")
    print(detail)
    assert w_large < 20, "a 5 MB page must lint in < 20 s: " + detail
    # The ratio is judged on CPU time: on a shared machine the wall clock measures the neighbours.
    assert c_large / c_small < 3, "doubling the page size more than doubles the lint time: " + detail


def _rows_without_alt(n: int) -> tuple[str, list[str]]:
    return "".join(f'<p>第{i}项 <img src="../files/p{i % 10}.png"></p>\n' for i in range(n)), \
        [f"p{i}.png" for i in range(10)]


def _rows_with_broken_links(n: int) -> tuple[str, list[str]]:
    return "".join(f'<p>第{i}项 <a href="../files/missing-{i}.pdf">附件{i}</a></p>\n' for i in range(n)), []


@pytest.mark.slow
@pytest.mark.parametrize("case,rule_id", [(_rows_without_alt, "A11Y003"), (_rows_with_broken_links, "LNK002")],
                         ids=["image-without-alt", "broken-attachment-link"])
def test_many_findings_per_page_scale_linearly(demo, pages, case, rule_id):
    """Thousands of findings on one page (a legacy page with dead links, images without alt):
    locating each finding's line must not rescan the page (O(n) per finding = O(n²) per page)."""
    base = pages["bases"]["demo/content"].decode("utf-8")
    n = 8000  # large enough that a GC pause or a neighbour's burst does not decide the ratio
    body_small, files = case(n)
    body_large, _ = case(2 * n)
    small = base.replace('<div class="article-body">', '<div class="article-body">' + body_small, 1)
    large = base.replace('<div class="article-body">', '<div class="article-body">' + body_large, 1)
    (w_small, c_small), (w_large, c_large) = _medians(demo, pages, small, large, files)
    detail = (f"{n} findings of {rule_id}: {w_small:.2f} s wall / {c_small:.2f} s CPU; {2 * n}: {w_large:.2f} s wall / "
              f"{c_large:.2f} s CPU (medians of 3)")
    print(detail)
    assert c_large / c_small < 3, f"{rule_id}: the time per page grows faster than the number of findings: " + detail
