"""The platform index: one pass over every site's Markdown before Pelican runs.

It validates what CONTRACT §2 lists as build errors (all reported in one run)
and records what crosses site boundaries — policies by 文号 for interpretations
and service guides, department news for the portal — so each site can then be
built by its own Pelican process.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from pathlib import Path

from jiyue import cachefile
from jiyue.metadata import (
    DATE_FORM, DAY_FORM, INTERPRETATION_FORMS, KNOWN_KEYS, MAX_ARTICLE_BYTES, SLUG_RE, VALIDITY_VALUES,
    DecodeProblem, Header, decode, parse_datetime, parse_day, parse_header, split_list, suggest_key,
)
from jiyue.problems import Problem, rel
from jiyue.siteconfig import Platform, SiteConfig

LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|(?:href|src)\s*=\s*[\"']([^\"']+)[\"']", re.I)
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(slots=True)  # ten thousands of them, in the build and in every worker it forks
class Record:
    """One article as the index knows it (JSON-serialisable)."""

    site: str
    column: str
    kind: str
    source: str  # path relative to the site folder, e.g. "zwdt/a1.md"
    slug: str
    url: str  # relative to the site root, e.g. "zwdt/a1.html"
    title: str
    date: str  # "YYYY-MM-DD HH:MM"
    doc_number: str = ""
    interprets: list[str] = field(default_factory=list)
    form: str = ""
    validity: str = "有效"
    superseded_by: str = ""
    needs_interpretation: bool = False
    archived: str = ""
    asked: str = ""
    answered: str = ""
    answered_by: str = ""
    future: bool = False
    lines: dict[str, int] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    # not a field of the article: record_digest() computes it once (see RECORD_FIELDS)
    _digest: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def datetime(self) -> datetime:
        return datetime.strptime(self.date, "%Y-%m-%d %H:%M")


RECORD_FIELDS = tuple(f.name for f in fields(Record) if not f.name.startswith("_"))  # the article's fields


def record_digest(record: Record) -> str:
    """A digest of every field of ``record``. Computed once and kept on the record (records are
    read-only; the scan cache keeps the digest with them)."""
    found = record._digest
    if found is None:
        import hashlib

        raw = repr(tuple(getattr(record, name) for name in RECORD_FIELDS)).encode("utf-8")
        found = record._digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    return found


@dataclass
class PlatformIndex:
    records: list[Record]
    problems: list[Problem]
    domains: dict[str, str] = field(default_factory=dict)  # site id -> domain

    def by_site(self, site_id: str) -> list[Record]:
        return [r for r in self.records if r.site == site_id]

    def policies(self) -> dict[str, Record]:
        return {r.doc_number: r for r in self.records if r.kind == "policy" and r.doc_number}

    def _lookup(self) -> tuple[dict[str, list[Record]], dict[str, list[Record]]]:
        """Records by DocNumber and by slug, in index order (rebuilt if ``records`` changed)."""
        key = (id(self.records), len(self.records))
        cached = self.__dict__.get("_lookup_cache")
        if cached is None or cached[0] != key:
            by_doc: dict[str, list[Record]] = {}
            by_slug: dict[str, list[Record]] = {}
            for r in self.records:
                if r.doc_number:
                    by_doc.setdefault(r.doc_number, []).append(r)
                by_slug.setdefault(r.slug, []).append(r)
            cached = (key, by_doc, by_slug)
            self.__dict__["_lookup_cache"] = cached
        return cached[1], cached[2]

    def resolve_policy(self, ref: str, from_site: str) -> Record | None:
        """A DocNumber anywhere on the platform, or a slug (``slug`` in the same site,
        ``site/slug`` or ``site/column/slug`` elsewhere). When several articles match
        (a notice that carries its policy's 文号, one slug in two columns), a policy
        wins, then one of ``from_site``."""
        by_doc, by_slug = self._lookup()
        found = by_doc.get(ref) if ref else None
        if not found:
            parts = ref.strip("/").removesuffix(".md").removesuffix(".html").split("/")
            # every way a slug reference matches ends with the record's slug
            found = [r for r in by_slug.get(parts[-1], ())
                     if (parts == [r.slug] and r.site == from_site)
                     or (parts in ([r.site, r.slug], [r.site, r.column, r.slug], [r.column, r.slug]) and (
                         len(parts) == 3 or r.site == from_site or parts[0] == r.site))]
        if not found:
            return None
        return min(found, key=lambda r: (r.kind != "policy", r.site != from_site))

    def published_policy(self, ref: str, from_site: str) -> Record | None:
        """The published policy a reference names, or None (POL003: unknown, not a policy,
        or dated after the check date)."""
        target = self.resolve_policy(ref, from_site)
        if target is None or target.kind != "policy" or target.future:
            return None
        return target

    def interpretations_by_policy(self) -> dict[tuple[str, str], list[Record]]:
        """(policy site, policy url) → the published interpretations of it, platform-wide."""
        found: dict[tuple[str, str], list[Record]] = {}
        for r in self.records:
            if r.future or r.kind != "interpretation":
                continue
            for ref in r.interprets:
                target = self.published_policy(ref, r.site)
                if target is not None and r not in found.setdefault((target.site, target.url), []):
                    found[(target.site, target.url)].append(r)
        return found

    def url_of(self, record: Record, from_site: str) -> str:
        """Relative path inside the same site; absolute https URL across sites."""
        if record.site == from_site:
            return record.url
        return f"https://{self.domains[record.site]}/{record.url}"

    def to_json(self) -> str:
        # asdict() without its deep copies: the same JSON
        return json.dumps({"domains": self.domains, "records": [{k: getattr(r, k) for k in RECORD_FIELDS}
                                                                for r in self.records]}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "PlatformIndex":
        data = json.loads(text)
        return cls([Record(**r) for r in data["records"]], [], data["domains"])


def _walk_markdown(site_dir: Path):
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith((".md", ".markdown")):
                yield Path(dirpath) / name


@dataclass
class _Survey:
    """One walk of a site folder (no file is read)."""

    entries: list[tuple]  # (path, mtime_ns, size, inode) of every file and folder: build_index's memo
    markdown: list[tuple[str, tuple]]  # the Markdown files in _walk_markdown's order, with their identity
    symlinks: bool  # the folder holds a symbolic link


def _survey(site_dir: Path) -> _Survey:
    survey = _Survey([], [], False)

    def visit(top: str, hidden: bool) -> None:
        try:
            with os.scandir(top) as it:
                found = sorted(it, key=lambda e: e.name)
        except OSError:
            survey.entries.append((top, -1, -1, -1))
            return
        folders = []
        for e in found:
            try:
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            survey.entries.append((e.path, st.st_mtime_ns, st.st_size, st.st_ino))
            if e.is_symlink():
                survey.symlinks = True
            elif e.is_dir(follow_symlinks=False):
                folders.append(e)
            elif not hidden and e.name.lower().endswith((".md", ".markdown")):
                survey.markdown.append((e.path, _identity(st)))
        for e in folders:  # os.walk's order: a folder's files, then its sub-folders by name
            visit(e.path, hidden or e.name.startswith("."))

    visit(str(site_dir), False)
    return survey


def _identity(st: os.stat_result) -> tuple:
    """A file's identity for the scan cache: it changes whenever the file's content may have."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _outside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return False
    except ValueError:
        return True


def check_symlinks(site: SiteConfig, root: Path | None, problems: list[Problem]) -> bool:
    """Every file of the site (Markdown and attachments) must really live inside it.
    Returns whether the site holds any symbolic link at all."""
    found = False
    for dirpath, dirnames, filenames in os.walk(site.path, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            if p.is_symlink():
                found = True
                if _outside(p, site.path):
                    problems.append(Problem(rel(p, root), "符号链接指向站点目录之外", value=os.readlink(p),
                                            expected="站点目录内的真实文件", code="BUILD"))
    return found


def scan_site(site: SiteConfig, today: date, root: Path | None = None, *, survey: _Survey | None = None,
              cache: "ScanCache | None" = None) -> tuple[list[Record], list[Problem]]:
    """The records and problems of one site. ``cache``: reuse the scan of unchanged files."""
    records: list[Record] = []
    problems: list[Problem] = []
    survey = survey or _survey(site.path)
    if survey.symlinks:
        # Symbolic links: every one is checked and paths are resolved exactly (no cache).
        links = _LinkResolver(site.path, exact=check_symlinks(site, root, problems))
        paths = [(str(p), None) for p in _walk_markdown(site.path)]
        cache = None
    else:
        # Without any symbolic link in the site, a path's place is its normalised spelling
        # (no realpath system calls per link, the index's hot spot on large platforms).
        links = _LinkResolver(site.path, exact=False, survey=survey)
        paths = survey.markdown
    entries = cache.site(site, today) if cache is not None else None
    column_ids = {c.id for c in site.columns}
    undeclared: dict[str, list[str]] = {}
    prefix = str(site.path) + os.sep
    shown_of = _shower(root)
    for spelled, identity in paths:
        shown = shown_of(spelled)
        parts = (spelled[len(prefix):].split(os.sep) if spelled.startswith(prefix)
                 else list(Path(spelled).relative_to(site.path).parts))
        if links.exact and os.path.islink(spelled) and _outside(Path(spelled), site.path):
            continue  # reported above
        if len(parts) != 2:
            problems.append(Problem(shown, "文章须直接放在栏目目录下（栏目目录 = 栏目 id）",
                                    expected="site_src/<site_id>/<column_id>/<文件名>.md"))
            continue
        column_id = parts[0]
        if column_id not in column_ids:
            undeclared.setdefault(column_id, []).append(shown)
            continue
        source = "/".join(parts)
        found = entries.get(source, identity, shown, links.found) if entries is not None else None
        if found is None:
            before = len(problems)
            links.checked = []
            rec = _scan_article(site, Path(spelled), shown, column_id, today, problems, links)
            if rec is not None:
                record_digest(rec)  # kept with the record in the cache
            if entries is not None:
                entries.put(source, identity, shown, rec, problems[before:], links.checked)
        else:
            rec, found_problems = found
            problems.extend(found_problems)
        if rec:
            records.append(rec)
    for folder, files in undeclared.items():
        problems.append(Problem(files[0], f"目录 {folder}/ 不是 site.toml 中声明的栏目（含 {len(files)} 篇文章）",
                                key="column.id", value=folder,
                                expected="已声明的栏目 id：" + "、".join(sorted(column_ids))))
    seen: dict[str, Record] = {}
    for r in records:
        if r.url in seen:
            other = seen[r.url]
            problems.append(Problem(r.source and f"{rel(site.path / r.source, root)}", "两篇文章输出到同一路径",
                                    line=r.lines.get("slug"), key="Slug", value=r.url,
                                    expected=f"与 {rel(site.path / other.source, root)} 不同的 Slug"))
        seen.setdefault(r.url, r)
    return records, problems


def _shower(root: Path | None):
    """``jiyue.problems.rel`` for many paths: the same strings, with cwd and root looked up once."""
    cwd = os.getcwd()
    bases = [os.path.abspath(root)] if root is not None else []
    bases.append(cwd)

    def shown(path) -> str:
        p = os.path.normpath(os.path.join(cwd, os.fspath(path)))
        for b in bases:
            if p.startswith(b + os.sep):
                return p[len(b) + 1:]
        return str(path)

    return shown


def _scan_article(site: SiteConfig, path: Path, shown: str, column_id: str, today: date,
                  problems: list[Problem], links: "_LinkResolver | None" = None) -> Record | None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.append(Problem(shown, f"无法读取文件：{exc.strerror}"))
        return None
    if size > MAX_ARTICLE_BYTES:
        problems.append(Problem(shown, f"文件过大（{size // 1024} KB）", expected="不超过 5 MB 的 Markdown；大文件请作为附件放入 files/"))
        return None
    try:
        text = decode(path.read_bytes())
    except DecodeProblem as exc:
        problems.append(Problem(shown, exc.message, line=1, expected=exc.expected))
        return None
    header = parse_header(text)
    n_before = len(problems)

    def bad(key: str, message: str, expected: str, value=None, code: str = "BUILD"):
        problems.append(Problem(shown, message, line=header.line(key) or 1, key=KNOWN_KEYS.get(key, key),
                                value=value, expected=expected, code=code))

    for key, spelled in header.spelled.items():
        if key not in KNOWN_KEYS:
            hint = suggest_key(key)
            bad(key, f"未知的元数据键 {spelled}" + (f"，是否应为 {hint}？" if hint else ""),
                hint or "、".join(sorted(set(KNOWN_KEYS.values()))), value=spelled)
        if key + "#dup" in header.lines:
            problems.append(Problem(shown, f"元数据键 {spelled} 重复", line=header.lines[key + "#dup"], key=spelled,
                                    expected="每个键只写一次"))
    title = header.get("title")
    if not title:
        bad("title", "缺少标题 Title 或标题为空", "Title: 文章标题（写在文件开头的元数据中）")
    raw_date = header.get("date")
    dt = parse_datetime(raw_date) if raw_date else None
    if not raw_date:
        bad("date", "缺少发布时间 Date", "Date: " + DATE_FORM)
    elif dt is None:
        bad("date", "发布时间 Date 无法解析", DATE_FORM, value=raw_date)
    slug = header.get("slug") or path.stem
    if not SLUG_RE.match(slug):
        bad("slug", "文件名（即网址 slug）含不允许的字符", "字母、数字、点、连字符或下划线，如 2026-03-02-yhyshj.md；"
            "或在元数据中写 Slug: xxx", value=slug)
    column = site.column(column_id)
    kind = column.kind if column else "other"
    archived = header.get("archived")
    if archived:
        a = parse_day(archived)
        if a is None:
            bad("archived", "归档日期 Archived 无法解析", DAY_FORM, value=archived)
        elif dt and a < dt.date():
            bad("archived", "归档日期早于发布日期", f"不早于 Date（{dt:%Y-%m-%d}）的日期", value=archived, code="ARC001")
    validity = header.get("validity") or "有效"
    if validity not in VALIDITY_VALUES:
        bad("validity", "效力状态 Validity 不正确", "、".join(VALIDITY_VALUES), value=validity)
    form = header.get("interpretationform")
    if form and form not in INTERPRETATION_FORMS:
        bad("interpretationform", "解读形式 InterpretationForm 不正确", "、".join(INTERPRETATION_FORMS), value=form)
    needs = header.get("needsinterpretation").lower()
    if needs and needs not in ("yes", "no", "是", "否", "true", "false"):
        bad("needsinterpretation", "NeedsInterpretation 取值不正确", "yes 或 no", value=needs)
    if kind == "policy" and not header.get("docnumber"):
        bad("docnumber", "政策文件缺少文号 DocNumber", "DocNumber: 江政发〔2026〕3号", code="POL003")
    if kind == "interpretation" and not header.get("interprets"):
        bad("interprets", "政策解读缺少 Interprets（所解读政策文件的文号或 slug）",
            "Interprets: 江政发〔2026〕3号（多个用 ; 分隔）", code="POL003")
    asked = header.get("asked")
    answered = header.get("answered")
    if kind == "interaction":
        if not asked:
            bad("asked", "留言缺少留言时间 Asked", "Asked: " + DATE_FORM)
        elif parse_datetime(asked) is None:
            bad("asked", "留言时间 Asked 无法解析", DATE_FORM, value=asked)
        if answered:
            ad = parse_datetime(answered)
            if ad is None:
                bad("answered", "答复时间 Answered 无法解析", DATE_FORM, value=answered)
            elif parse_datetime(asked or "") and ad < parse_datetime(asked):
                bad("answered", "答复时间早于留言时间", f"不早于 Asked（{asked}）", value=answered)
            if not header.get("answeredby"):
                bad("answeredby", "已答复的留言缺少答复单位 AnsweredBy", "AnsweredBy: 江南市教育局")
    _check_links(site, path, shown, header, problems, links)
    if len(problems) > n_before and (not title or dt is None):
        return None
    rec = Record(
        site=site.id, column=column_id, kind=kind, source=f"{column_id}/{path.name}", slug=slug,
        url=f"{column_id}/{slug}.html", title=title, date=f"{dt:%Y-%m-%d %H:%M}" if dt else "",
        doc_number=header.get("docnumber"), interprets=split_list(header.get("interprets")), form=form,
        validity=validity, superseded_by=header.get("supersededby"),
        needs_interpretation=needs in ("yes", "是", "true"), archived=archived,
        asked=asked, answered=answered, answered_by=header.get("answeredby"),
        future=bool(dt and dt.date() > today),
        # the same dozen keys in every record, and the same few values (issuing body, editors,
        # reviewers): one string object each (sys.intern), not one per article
        lines={sys.intern(k): v for k, v in header.lines.items() if "#" not in k},
        meta={sys.intern(k): sys.intern(v) if len(v) <= 16 else v for k, v in header.values.items()},
    )
    return rec


class _LinkResolver:
    """Where a ``{filename}``/``{static}`` link of a site's article points, and whether it
    stays inside the site. ``exact``: resolve symbolic links (the site holds some)."""

    def __init__(self, site_path: Path, exact: bool = True, survey: _Survey | None = None):
        self.exact = exact
        self.root = site_path.resolve()
        self.root_s = str(self.root)
        self._dirs: dict[Path, str] = {}
        self.checked: list[tuple[str, bool]] = []  # (target, exists) of every existence check
        # what the survey found, spelled as resolved paths are: a look-up instead of a stat
        spelled = str(site_path)
        self._known = ({self.root_s + e[0][len(spelled):] for e in survey.entries if e[1] != -1}
                       if survey is not None and not exact else set())

    def resolve(self, path: Path, ref: str) -> tuple[Path | str, bool]:
        """(resolved target, outside the site?)"""
        if self.exact:
            base = self.root if ref.startswith("/") else path.parent.resolve()
            resolved = (base / ref.lstrip("/")).resolve()
            return resolved, _outside(resolved, self.root)
        if ref.startswith("/"):
            base = self.root_s
        else:
            base = self._dirs.get(path.parent)
            if base is None:
                base = self._dirs[path.parent] = str(path.parent.resolve())
        resolved = os.path.normpath(os.path.join(base, ref.lstrip("/")))
        return resolved, not (resolved == self.root_s or resolved.startswith(self.root_s + os.sep))

    def found(self, resolved) -> bool:
        return resolved in self._known or os.path.exists(resolved)

    def exists(self, resolved) -> bool:
        found = self.found(resolved)
        self.checked.append((str(resolved), found))
        return found


def _check_links(site: SiteConfig, path: Path, shown: str, header: Header, problems: list[Problem],
                 links: _LinkResolver | None = None) -> None:
    """Links and attachments may not leave the site's folder; Pelican-style
    {filename}/{static} targets must exist."""
    links = links or _LinkResolver(site.path)
    out_dir = Path("/__site__") / path.parent.name  # the page's folder in the output
    for lineno, line in enumerate(header.body.splitlines(), header.body_start):
        if "](" not in line and "href" not in line.lower() and "src" not in line.lower():
            continue
        for m in LINK_RE.finditer(line):
            target = (m.group(1) or m.group(2) or "").strip()
            if not target or target.startswith(("#", "//")) or SCHEME_RE.match(target):
                continue
            target = target.split("#", 1)[0].split("?", 1)[0]
            pelican = re.match(r"^\{(filename|static|attach)\}(.*)$", target)
            if pelican:
                ref = pelican.group(2)
                resolved, outside = links.resolve(path, ref)
                if outside:
                    problems.append(Problem(shown, "链接或附件路径离开了站点目录", line=lineno, value=target,
                                            expected="站点目录内的文件，如 {static}/files/x.pdf"))
                elif not links.exists(resolved):
                    problems.append(Problem(shown, "链接的文件不存在", line=lineno, value=target,
                                            expected="站点目录内已有的文件（注意大小写和扩展名）", code="LNK001"))
                continue
            if target.startswith("{"):
                continue
            base = Path("/__site__") if target.startswith("/") else out_dir
            resolved = Path(os.path.normpath(base / target.lstrip("/")))
            if not str(resolved).startswith("/__site__"):
                problems.append(Problem(shown, "链接或附件路径离开了站点目录", line=lineno, value=target,
                                        expected="站点内的相对路径，如 ../files/x.pdf、../zcwj/a.html"))


def _fingerprint(platform: Platform) -> tuple:
    """Every file under the sites' folders with its size and mtime (cheap: no file is read)."""
    return _fingerprint_of([_survey(s.path) for s in platform.sites.values()])


def _fingerprint_of(surveys: list[_Survey]) -> tuple:
    return tuple(sorted(e for s in surveys for e in s.entries))


RACY_NS = 2_000_000_000  # a file changed this close to a cache save is scanned again next time
_SCANNER_FILES = ("platform_index.py", "metadata.py", "problems.py")


class ScanCache:
    """What the header scan found in each Markdown file — its record and its problems — kept
    between builds in ``directory`` (one pickle per site; jiyue.build keeps it beside the
    output's incremental state).

    An entry is reused while its file has the same identity (size, mtime, ctime, inode), is
    shown under the same name, and every link target whose existence the scan checked still
    exists, or still does not. A site's entries are all dropped when anything else the scan
    reads changes: the scanner's code, the site's id and folder (as resolved: a relative and an
    absolute spelling of it share the entries), its columns and their kinds,
    the check date. Sites holding symbolic links are always scanned. A missing, old or damaged
    file is an empty cache; files changed within RACY_NS of a save are not kept. With
    ``reuse=False`` every file is scanned and the results are only saved (``--full``)."""

    VERSION = 2

    def __init__(self, directory: Path, reuse: bool = True):
        self.directory = Path(directory)
        self.reuse = reuse
        self._sites: dict[str, _SiteEntries] = {}

    def site(self, site: SiteConfig, today: date) -> "_SiteEntries":
        # the folder as resolved, not as spelled: "site_src" and "/abs/site_src" share the entries
        # (each entry is still checked against the name the file is shown under)
        key = _key_digest([self.VERSION, _scanner_code(), site.id, str(site.path.resolve()),
                           [(c.id, c.kind) for c in site.columns], today.isoformat()])
        entries = _SiteEntries(self.directory / f"{site.id}.pickle", key, self.reuse)
        self._sites[site.id] = entries
        return entries

    def save(self) -> None:
        for entries in self._sites.values():
            entries.save()


class _SiteEntries:
    def __init__(self, path: Path, key: str, reuse: bool = True):
        self.path = path
        self.key = key
        found = cachefile.read(path, key) if reuse else None
        self.old: dict = found if isinstance(found, dict) else {}
        self.new: dict = {}
        self.changed = not reuse

    def get(self, source: str, identity: tuple | None, shown: str, exists=os.path.exists):
        """(record, problems) of an unchanged file, else None."""
        entry = self.old.get(source)
        try:
            if identity is None or entry is None or entry[0] != identity or entry[1] != shown:
                return None
            for target, existed in entry[4]:
                if exists(target) != existed:
                    return None
            found = entry[2], list(entry[3])
        except (TypeError, ValueError, IndexError):  # a damaged entry is a missing one
            return None
        self.new[source] = entry
        return found

    def put(self, source: str, identity: tuple | None, shown: str, record, problems, checked) -> None:
        self.changed = True
        if identity is not None:
            self.new[source] = (identity, shown, record, list(problems), list(checked))

    def save(self) -> None:
        racy = time.time_ns() - RACY_NS
        kept = {k: v for k, v in self.new.items() if v[0][1] < racy and v[0][2] < racy}
        if self.changed or len(kept) != len(self.old):  # else the file already holds these entries
            cachefile.write(self.path, self.key, kept)


def _scanner_code() -> str:
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for name in _SCANNER_FILES:
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()


def _key_digest(data) -> str:
    import hashlib

    return hashlib.blake2b(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                           digest_size=16).hexdigest()


def build_index(platform: Platform, today: date, root: Path | None = None,
                sites: list[str] | None = None, *, cache: Path | None = None,
                reuse: bool = True) -> PlatformIndex:
    """The platform index of ``platform``'s sources on ``today``.

    The build, its lint gate and the policy rules of every linted site all ask for it: a
    result is kept on the Platform object (one object per run) and handed out again while no
    file of the sites changed (sizes, mtimes and inodes are compared; nothing is re-read).
    ``cache``: a folder where the scan of each Markdown file is kept between runs
    (:class:`ScanCache`; ``reuse=False``: scan everything, then save). Treat the returned index as read-only."""
    key = (today, str(root) if root is not None else None, tuple(sites) if sites is not None else None)
    pinned = platform.__dict__.get("_jiyue_index_pinned")
    if pinned is not None and pinned[0] == key:
        return pinned[1]
    memo = platform.__dict__.setdefault("_jiyue_index_memo", {})
    surveys = {sid: _survey(s.path) for sid, s in platform.sites.items()}
    fingerprint = _fingerprint_of(list(surveys.values()))
    hit = memo.get(key)
    if hit is not None and hit[0] == fingerprint:
        return hit[1]
    scans = ScanCache(cache, reuse) if cache is not None else None
    index = _build_index(platform, today, root, sites, surveys, scans)
    if scans is not None:
        scans.save()
    memo[key] = (fingerprint, index)
    return index


@contextmanager
def pinned(platform: Platform, index: PlatformIndex, today: date, sites: list[str] | None = None):
    """Within this block, :func:`build_index` hands out ``index`` for these arguments without
    looking at the sources again: the build's lint gate checks the output against the index
    the build was made from (jiyue.build)."""
    previous = platform.__dict__.get("_jiyue_index_pinned")
    platform.__dict__["_jiyue_index_pinned"] = ((today, None, tuple(sites) if sites is not None else None), index)
    try:
        yield index
    finally:
        platform.__dict__["_jiyue_index_pinned"] = previous


def _build_index(platform: Platform, today: date, root: Path | None, sites: list[str] | None,
                 surveys: dict[str, _Survey] | None = None, cache: ScanCache | None = None) -> PlatformIndex:
    records: list[Record] = []
    problems: list[Problem] = []
    for site in platform.sites.values():
        recs, probs = scan_site(site, today, root, survey=(surveys or {}).get(site.id), cache=cache)
        records.extend(recs)
        if sites is None or site.id in sites:
            problems.extend(probs)
    index = PlatformIndex(records, problems, {s.id: s.domain for s in platform.sites.values()})
    _check_references(index, platform, root, sites)
    return index


def _check_references(index: PlatformIndex, platform: Platform, root: Path | None, sites) -> None:
    for r in index.records:
        if sites is not None and r.site not in sites or not (r.interprets or r.superseded_by):
            continue
        shown = rel(platform.sites[r.site].path / r.source, root)
        for ref in r.interprets:
            target = index.resolve_policy(ref, r.site)
            if target is None:
                close = _close_doc_number(index, ref)
                index.problems.append(Problem(shown, f"Interprets 引用的政策文件“{ref}”在平台上不存在"
                                              + (f"，是否应为“{close}”？" if close else ""),
                                              line=r.lines.get("interprets"), key="Interprets", value=ref,
                                              expected=close or "平台上已发布政策文件的文号或 slug", code="POL003"))
            elif target.kind != "policy":
                index.problems.append(Problem(shown, f"Interprets 引用的“{ref}”不是政策文件（位于 {target.site}/{target.column}）",
                                              line=r.lines.get("interprets"), key="Interprets", value=ref,
                                              expected="政策文件栏目（kind = policy）中的文章", code="POL003"))
        if r.superseded_by:
            target = index.resolve_policy(r.superseded_by, r.site)
            if target is None or target.kind != "policy":
                index.problems.append(Problem(shown, f"SupersededBy 引用的政策文件“{r.superseded_by}”不存在",
                                              line=r.lines.get("supersededby"), key="SupersededBy",
                                              value=r.superseded_by, expected="平台上已发布政策文件的文号",
                                              code="POL003"))


def _close_doc_number(index: PlatformIndex, ref: str) -> str | None:
    """The 文号 of a policy that ``ref`` spells with other brackets or spaces
    (江政发[2026]3号, 江政发（2026）3号 → 江政发〔2026〕3号)."""
    def norm(v: str) -> str:
        v = re.sub(r"\s+", "", v).translate(str.maketrans("[［【(（]］】)）", "〔〔〔〔〔〕〕〕〕〕"))
        return re.sub(r"〕第(\d)", r"〕\1", v)
    key = norm(ref)
    return next((r.doc_number for r in index.records if r.kind == "policy" and r.doc_number
                 and norm(r.doc_number) == key), None)
