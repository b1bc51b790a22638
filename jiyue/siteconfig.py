"""The one loader of ``site.toml`` and ``platform.toml`` (CONTRACT §1).

Plugins, the build, the linter, the archiver and the audit all read a site's
identity through :func:`load_site` / :func:`load_platform`, so there is one
source of truth. Every problem is collected and raised together as a
:class:`~jiyue.problems.ConfigError` naming file, line, key, bad value and the
expected form.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jiyue.problems import ConfigError, Problem, rel

# --- identifier forms (CONTRACT §1.2) -------------------------------------------------

SITE_CODE_RE = re.compile(r"^(\d{10}|bm\d{8})$")
ICP_RE = re.compile(r"^[\u4e00-\u9fa5]ICP备\d{8,10}号(-\d{1,3})?$")
POLICE_RE = re.compile(r"^[\u4e00-\u9fa5]公网安备\s?(\d{14})号$")
CHINESE_DOMAIN_RE = re.compile(r"^.+\.(政务|公益)(\.cn)?$")
CONAC_RE = re.compile(r"^[0-9A-F]{32}$")
LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
GOV_HOST_RE = re.compile(rf"^(?:{LABEL}\.)+gov\.cn$")
SITE_ID_RE = re.compile(r"^[a-z0-9-]+$")
COLUMN_ID_RE = re.compile(r"^[a-z0-9-]+$")
_PHONE = r"(?:\d{3,4}-)?\d{7,8}(?:-\d{1,6})?|\d{5}|400-?\d{3}-?\d{4}|1[3-9]\d{9}"
_EMAIL = r"[^@\s，、；;,]+@[^@\s，、；;,]+\.[^@\s，、；;,]+"
CONTACT_TOKEN_RE = re.compile(rf"^(?:{_PHONE}|{_EMAIL})$")

FORMS = {
    "site_code": "10 位数字（6 位行政区划代码 + 4 位）或 bm + 8 位数字，如 3299000001",
    "icp": "省份简称 + ICP备 + 8–10 位数字 + 号，可带 -序号，如 苏ICP备00000001号-1",
    "police_record": "省份简称 + 公网安备 + 14 位数字 + 号，如 苏公网安备32990002000001号",
    "chinese_domain": "以 .政务 或 .公益 结尾的中文域名，如 江南市人民政府.政务",
    "conac_id": "32 位大写十六进制字符",
    "domain": "以 .gov.cn 结尾的裸主机名；门户为 www.<x>.gov.cn，部门为 <y>.<x>.gov.cn",
    "contact": "电话（如 0519-00000000、12345）或电子邮箱，多个用空格或顿号分隔",
    "kind": "portal 或 department",
    "column.id": "小写字母、数字和连字符 [a-z0-9-]+，且不是保留名",
    "column.kind": "",  # filled below
}

# --- column kinds (CONTRACT §1.1) ------------------------------------------------------

COLUMN_KINDS: dict[str, tuple[str, int | None]] = {
    "overview": ("概况信息", None),
    "organization": ("机构职能", None),
    "leaders": ("领导信息", None),
    "news": ("工作动态", 14),
    "notice": ("通知公告", 183),
    "policy": ("政策文件", 183),
    "interpretation": ("政策解读", 183),
    "disclosure": ("信息公开", None),
    "data": ("数据发布", 183),
    "service": ("办事服务", None),
    "interaction": ("咨询投诉", 60),
    "survey": ("调查征集", 365),
    "topic": ("专题专栏", None),
    "other": ("其他", None),
}
FORMS["column.kind"] = "、".join(COLUMN_KINDS)

PORTAL_REQUIRED = (
    "overview", "organization", "leaders", "news", "policy", "interpretation",
    "disclosure", "data", "service", "interaction", "survey",
)
RESERVED_COLUMN_IDS = frozenset({"files", "theme", "archive", "page", "sitemap", "index", "policies"})

SITE_KEYS = {
    "name": str, "kind": str, "domain": str, "chinese_domain": str, "site_code": str,
    "icp": str, "police_record": str, "conac_id": str, "host_org": str, "contact": str,
    "parent": str, "provides_services": bool,
}
REQUIRED_SITE_KEYS = (
    "name", "kind", "domain", "chinese_domain", "site_code", "icp", "police_record",
    "conac_id", "host_org", "contact",
)
COLUMN_KEYS = {
    "id": str, "name": str, "type": str, "kind": str, "description": str,
    "keywords": str, "update_days": int, "parent": str,
}
REQUIRED_COLUMN_KEYS = ("id", "name", "type", "kind", "description", "keywords")
TYPE_NAMES = {str: "字符串", int: "整数", bool: "布尔值 true/false", dict: "表", list: "数组"}


def required_kinds(kind: str, provides_services: bool) -> tuple[str, ...]:
    if kind == "portal":
        return PORTAL_REQUIRED
    return tuple(
        k for k in PORTAL_REQUIRED
        if k != "overview" and (k != "service" or provides_services)
    )


# --- data ---------------------------------------------------------------------------------

@dataclass
class Column:
    id: str
    name: str
    type: str
    kind: str
    description: str
    keywords: str
    update_days: int | None = None
    parent: str = ""
    line: int | None = None
    children: list["Column"] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.id}/index.html"

    @property
    def kind_name(self) -> str:
        return COLUMN_KINDS.get(self.kind, ("", None))[0]

    @property
    def freshness_days(self) -> int | None:
        """The update limit: the column's own update_days, else its kind's default."""
        if self.update_days is not None:
            return self.update_days
        return COLUMN_KINDS.get(self.kind, ("", None))[1]


@dataclass
class SiteConfig:
    id: str
    path: Path  # the site's source folder
    file: str  # site.toml as shown to users
    name: str
    kind: str
    domain: str
    chinese_domain: str
    site_code: str
    icp: str
    police_record: str
    conac_id: str
    host_org: str
    contact: str
    parent: str = ""
    provides_services: bool = False
    columns: list[Column] = field(default_factory=list)
    deferred: list[Problem] = field(default_factory=list)  # problems the caller chose to allow
    parent_name: str | None = None  # filled by load_platform for department sites
    parent_url: str | None = None

    @property
    def police_digits(self) -> str:
        m = POLICE_RE.match(self.police_record)
        return m.group(1) if m else ""

    @property
    def url(self) -> str:
        return f"https://{self.domain}/"

    @property
    def column_tree(self) -> list[Column]:
        return [c for c in self.columns if not c.parent]

    def column(self, column_id: str) -> Column | None:
        for c in self.columns:
            if c.id == column_id:
                return c
        return None

    def columns_of_kind(self, kind: str) -> list[Column]:
        return [c for c in self.columns if c.kind == kind]


@dataclass
class PlatformConfig:
    path: Path | None
    data: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        return value if isinstance(value, dict) else {}


@dataclass
class Platform:
    src: Path
    config: PlatformConfig
    sites: dict[str, SiteConfig]

    def by_domain(self, host: str) -> SiteConfig | None:
        for s in self.sites.values():
            if s.domain == host:
                return s
        return None

    @property
    def portal(self) -> SiteConfig | None:
        return next((s for s in self.sites.values() if s.kind == "portal"), None)


# --- locating keys in the TOML text (tomllib has no positions) -----------------------------

class _Locator:
    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.headers: list[tuple[int, str]] = []  # (line number, header)
        for i, line in enumerate(self.lines, 1):
            m = re.match(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"-]+)\s*\]\]?", line)
            if m:
                self.headers.append((i, m.group(2)))

    def table_start(self, table: str, index: int = 0) -> int | None:
        found = [ln for ln, name in self.headers if name == table]
        return found[index] if index < len(found) else None

    def key(self, table: str | None, key: str, index: int = 0) -> int | None:
        start = 0 if table is None else self.table_start(table, index)
        if start is None:
            return None
        end = next((ln for ln, _ in self.headers if ln > start), len(self.lines) + 1)
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for ln in range(start + 1 if table else 1, end):
            if pattern.match(self.lines[ln - 1]):
                return ln
        return start or None


def _suggest(key: str, known) -> str | None:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
    return close[0] if close else None


# --- loading ------------------------------------------------------------------------------

def _read_toml(path: Path, shown: str) -> tuple[dict | None, str, list[Problem]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, "", [Problem(shown, f"无法读取文件：{exc.strerror}", code="GOV001")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "", [Problem(shown, "文件不是 UTF-8 编码（可能是 GBK/GB18030），请另存为 UTF-8",
                                  expected="UTF-8 编码的 TOML 文件", code="GOV001")]
    if not text.strip():
        return None, text, [Problem(shown, "文件为空", expected="含 [site] 表和 [[column]] 表的 TOML", code="GOV001")]
    try:
        return tomllib.loads(text), text, []
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        return None, text, [Problem(shown, f"TOML 语法错误：{exc}", line=int(m.group(1)) if m else None,
                                    expected="合法的 TOML（字符串须用英文引号）", code="GOV001")]


def _check_type(problems, shown, loc_line, key, value, typ):
    if typ is int and isinstance(value, bool):
        ok = False
    else:
        ok = isinstance(value, typ)
    if not ok:
        problems.append(Problem(shown, "类型错误", line=loc_line, key=key, value=value,
                                expected=TYPE_NAMES.get(typ, typ.__name__), code="GOV001"))
    return ok


def load_site(site_dir: Path | str, *, root: Path | None = None,
              allow: tuple[str, ...] = ()) -> SiteConfig:
    """Load and validate ``<site_dir>/site.toml``.

    Problems whose ``code`` is in ``allow`` (e.g. ``("COL001",)`` for a legacy site
    linted with ``--html-dir``) are kept in ``site.deferred`` instead of raised.
    """
    site_dir = Path(site_dir)
    problems = _load_site(site_dir, root)
    site, problems = problems
    raise_if(problems, allow, site)
    return site


def raise_if(problems: list[Problem], allow: tuple[str, ...], site: SiteConfig | None) -> None:
    fatal = [p for p in problems if p.code not in allow]
    if site is not None:
        site.deferred = [p for p in problems if p.code in allow]
    if fatal or site is None:
        raise ConfigError(fatal or problems)


def _load_site(site_dir: Path, root: Path | None) -> tuple[SiteConfig | None, list[Problem]]:
    path = site_dir / "site.toml"
    shown = rel(path, root)
    if not path.is_file():
        return None, [Problem(shown, "站点目录缺少 site.toml", expected="每个站点目录下有 site.toml（见 CONTRACT §1.1）",
                              code="GOV001")]
    data, text, problems = _read_toml(path, shown)
    if data is None:
        return None, problems
    loc = _Locator(text)
    for top in data:
        if top not in ("site", "column"):
            problems.append(Problem(shown, "未知的表", line=loc.table_start(top) or loc.key(None, top), key=top,
                                    expected="[site] 和 [[column]]", code="GOV001"))
    s = data.get("site")
    if not isinstance(s, dict):
        problems.append(Problem(shown, "缺少 [site] 表", key="site", expected="[site] 表，含 name、kind、domain 等",
                                code="GOV001"))
        s = {}
    values: dict[str, Any] = {}
    for key, value in s.items():
        line = loc.key("site", key)
        if key not in SITE_KEYS:
            hint = _suggest(key, SITE_KEYS)
            problems.append(Problem(shown, f"未知的键{f'，是否应为 {hint}？' if hint else ''}", line=line,
                                    key=f"site.{key}", value=value,
                                    expected=hint or "、".join(SITE_KEYS), code="GOV001"))
            continue
        if _check_type(problems, shown, line, f"site.{key}", value, SITE_KEYS[key]):
            values[key] = value.strip() if isinstance(value, str) else value
    for key in REQUIRED_SITE_KEYS:
        if key in s and key not in values:
            continue  # already reported as wrong type
        if not values.get(key):
            problems.append(Problem(shown, "缺少必填项或为空", line=loc.key("site", key), key=f"site.{key}",
                                    expected=FORMS.get(key, "非空字符串"), code="GOV001"))

    def bad(key, form_key=None):
        problems.append(Problem(shown, "格式不正确", line=loc.key("site", key), key=f"site.{key}",
                                value=values.get(key), expected=FORMS[form_key or key], code="GOV001"))

    checks = {
        "site_code": SITE_CODE_RE, "icp": ICP_RE, "police_record": POLICE_RE,
        "chinese_domain": CHINESE_DOMAIN_RE, "conac_id": CONAC_RE,
    }
    for key, regex in checks.items():
        if values.get(key) and not regex.match(values[key]):
            bad(key)
    kind = values.get("kind")
    if kind and kind not in ("portal", "department"):
        bad("kind")
    domain = values.get("domain")
    if domain:
        if not GOV_HOST_RE.match(domain):
            problems.append(Problem(shown, "域名不是以 .gov.cn 结尾的裸主机名", line=loc.key("site", "domain"),
                                    key="site.domain", value=domain, expected=FORMS["domain"], code="GOV301"))
        elif kind == "portal" and not domain.startswith("www."):
            problems.append(Problem(shown, "门户网站域名应为 www.<x>.gov.cn", line=loc.key("site", "domain"),
                                    key="site.domain", value=domain, expected="www.<x>.gov.cn", code="GOV301"))
        elif kind == "department" and (domain.startswith("www.") or domain.count(".") < 3):
            problems.append(Problem(shown, "部门网站域名应为 <y>.<x>.gov.cn（门户域名的下级）",
                                    line=loc.key("site", "domain"), key="site.domain", value=domain,
                                    expected="<y>.<x>.gov.cn", code="GOV301"))
    contact = values.get("contact")
    if contact:
        tokens = [t for t in re.split(r"[\s、，,；;]+", contact) if t]
        if not tokens or not all(CONTACT_TOKEN_RE.match(t) for t in tokens):
            bad("contact")
    if kind == "portal" and values.get("parent"):
        problems.append(Problem(shown, "门户网站不能有 parent", line=loc.key("site", "parent"), key="site.parent",
                                value=values["parent"], expected="仅部门网站填写门户的 site_id", code="GOV001"))

    columns, col_problems = _load_columns(data.get("column"), shown, loc)
    problems.extend(col_problems)
    if kind in ("portal", "department") and columns is not None:
        have = {c.kind for c in columns}
        for need in required_kinds(kind, bool(values.get("provides_services"))):
            if need not in have:
                problems.append(Problem(
                    shown, f"缺少必备栏目类别 {need}（{COLUMN_KINDS[need][0]}）",
                    line=loc.table_start("column") or loc.table_start("site"), key="column.kind", value=None,
                    expected=f"{'门户' if kind == 'portal' else '部门'}网站须有：" + "、".join(
                        required_kinds(kind, bool(values.get('provides_services')))), code="COL001"))
    site_id = site_dir.name
    if not SITE_ID_RE.match(site_id):
        problems.append(Problem(rel(site_dir, root), "站点目录名不合规", key="site_id", value=site_id,
                                expected="小写字母、数字和连字符 [a-z0-9-]+", code="GOV001"))
    if any(p.code not in ("COL001",) for p in problems) and not all(k in values for k in REQUIRED_SITE_KEYS):
        return None, problems
    try:
        site = SiteConfig(id=site_id, path=site_dir, file=shown, columns=columns or [],
                          **{k: values.get(k, "" if SITE_KEYS[k] is str else False) for k in SITE_KEYS})
    except TypeError:  # pragma: no cover - defensive
        return None, problems
    return site, problems


def _load_columns(raw, shown: str, loc: _Locator) -> tuple[list[Column] | None, list[Problem]]:
    problems: list[Problem] = []
    if raw is None:
        return [], problems
    if not isinstance(raw, list):
        return None, [Problem(shown, "column 必须是表数组 [[column]]", key="column", expected="[[column]]",
                              code="GOV001")]
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        start = loc.table_start("column", i)
        if not isinstance(item, dict):
            problems.append(Problem(shown, "栏目必须是表", line=start, key=f"column[{i + 1}]", code="GOV001"))
            continue
        vals: dict[str, Any] = {}
        label = f"column[{i + 1}]"
        for key, value in item.items():
            line = loc.key("column", key, i)
            if key not in COLUMN_KEYS:
                hint = _suggest(key, COLUMN_KEYS)
                problems.append(Problem(shown, f"未知的栏目键{f'，是否应为 {hint}？' if hint else ''}", line=line,
                                        key=f"{label}.{key}", value=value, expected=hint or "、".join(COLUMN_KEYS),
                                        code="GOV001"))
                continue
            if _check_type(problems, shown, line, f"{label}.{key}", value, COLUMN_KEYS[key]):
                vals[key] = value.strip() if isinstance(value, str) else value
        if vals.get("id"):
            label = f"column[{vals['id']}]"
        for key in REQUIRED_COLUMN_KEYS:
            if key in item and key not in vals:
                continue
            if not vals.get(key) or str(vals.get(key)).lower() == "null":
                problems.append(Problem(shown, "栏目缺少必填项或为空", line=loc.key("column", key, i) or start,
                                        key=f"{label}.{key}", expected="非空字符串", code="GOV001"))
        cid = vals.get("id")
        if cid:
            if not COLUMN_ID_RE.match(cid) or cid in RESERVED_COLUMN_IDS:
                problems.append(Problem(shown, "栏目 id 不合规", line=loc.key("column", "id", i), key=f"{label}.id",
                                        value=cid, expected=FORMS["column.id"] + "：" + "、".join(sorted(RESERVED_COLUMN_IDS)),
                                        code="GOV001"))
            if cid in seen:
                problems.append(Problem(shown, f"栏目 id 重复（第一次出现在第 {seen[cid]} 行）",
                                        line=loc.key("column", "id", i), key=f"{label}.id", value=cid,
                                        expected="每个栏目 id 唯一", code="GOV001"))
            seen.setdefault(cid, loc.key("column", "id", i) or 0)
        if vals.get("kind") and vals["kind"] not in COLUMN_KINDS:
            problems.append(Problem(shown, "未知的栏目类别", line=loc.key("column", "kind", i), key=f"{label}.kind",
                                    value=vals["kind"], expected=FORMS["column.kind"], code="GOV001"))
        if "update_days" in vals and vals["update_days"] <= 0:
            problems.append(Problem(shown, "更新周期须为正整数（天）", line=loc.key("column", "update_days", i),
                                    key=f"{label}.update_days", value=vals["update_days"], expected="正整数",
                                    code="GOV001"))
        if all(vals.get(k) for k in REQUIRED_COLUMN_KEYS):
            columns.append(Column(**{k: vals[k] for k in COLUMN_KEYS if k in vals}, line=start))
    ids = {c.id for c in columns}
    for i, c in enumerate(columns):
        if c.parent:
            if c.parent not in ids or c.parent == c.id:
                problems.append(Problem(shown, "上级栏目不存在", line=loc.key("column", "parent", i) or c.line,
                                        key=f"column[{c.id}].parent", value=c.parent,
                                        expected="本站已声明的另一个栏目 id：" + "、".join(sorted(ids - {c.id})),
                                        code="GOV001"))
                c.parent = ""
    by_id = {c.id: c for c in columns}
    for c in columns:
        if c.parent:
            by_id[c.parent].children.append(c)
    return columns, problems


def load_platform_config(src: Path, root: Path | None = None) -> PlatformConfig:
    path = src / "platform.toml"
    if not path.is_file():
        return PlatformConfig(None, {})
    data, _text, problems = _read_toml(path, rel(path, root))
    if problems:
        raise ConfigError(problems)
    return PlatformConfig(path, data or {})


def site_dirs(src: Path) -> list[Path]:
    """Every site folder under ``src``: a sub-folder that is not hidden."""
    return sorted(p for p in src.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def load_platform(src: Path | str, *, only: str | None = None, root: Path | None = None,
                  allow: tuple[str, ...] = ()) -> Platform:
    """Load every site of the platform (or check that ``only`` exists) and the
    cross-site constraints: unique site codes and domains, department domains
    under their portal's. All problems are raised together."""
    src = Path(src)
    problems: list[Problem] = []
    if not src.is_dir():
        raise ConfigError([Problem(rel(src, root), "源目录不存在", expected="含站点子目录的 site_src 目录")])
    try:
        config = load_platform_config(src, root)
    except ConfigError as exc:
        problems.extend(exc.problems)
        config = PlatformConfig(None, {})
    sites: dict[str, SiteConfig] = {}
    for d in site_dirs(src):
        site, site_problems = _load_site(d, root)
        fatal = [p for p in site_problems if p.code not in allow]
        problems.extend(fatal)
        if site is not None:
            site.deferred = [p for p in site_problems if p.code in allow]
            sites[site.id] = site
    if not sites and not problems:
        problems.append(Problem(rel(src, root), "没有任何站点", expected="site_src/<site_id>/site.toml"))
    if only and only not in sites and not any(p.file.startswith(str(only)) for p in problems):
        problems.append(Problem(rel(src, root), f"站点 {only} 不存在", key="--site", value=only,
                                expected="、".join(sorted(sites)) or "已有站点的 id"))
    _cross_check(sites, problems)
    if problems:
        raise ConfigError(problems)
    return Platform(src=src, config=config, sites=sites)


def _cross_check(sites: dict[str, SiteConfig], problems: list[Problem]) -> None:
    for attr, label in (("site_code", "网站标识码"), ("domain", "域名")):
        seen: dict[str, str] = {}
        for s in sites.values():
            value = getattr(s, attr)
            if value in seen:
                problems.append(Problem(s.file, f"{label}与站点 {seen[value]} 重复", key=f"site.{attr}", value=value,
                                        expected=f"平台内唯一的{label}", code="GOV001"))
            seen.setdefault(value, s.id)
    for s in sites.values():
        if s.kind != "department":
            continue
        if s.parent:
            portal = sites.get(s.parent)
            if portal is None or portal.kind != "portal":
                problems.append(Problem(s.file, "parent 不是本平台的门户网站", key="site.parent", value=s.parent,
                                        expected="门户网站的 site_id：" + "、".join(
                                            x.id for x in sites.values() if x.kind == "portal"), code="GOV001"))
                continue
            base = portal.domain.removeprefix("www.")
            if not s.domain.endswith("." + base) or s.domain.startswith("www."):
                problems.append(Problem(s.file, "部门网站域名不在门户域名之下", key="site.domain", value=s.domain,
                                        expected=f"<y>.{base}", code="GOV301"))
            s.parent_name = portal.name
            s.parent_url = portal.url
