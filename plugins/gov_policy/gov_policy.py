"""政策文件 ↔ 政策解读, linked both ways, across the sites of the platform.

宿迁 第十四条 and 附件1 解读关联 / 解读回应 / 服务关联; 南通 第八条. ``Interprets`` was
resolved and validated by the platform index before Pelican ran (POL003 build
errors); here

- each policy gets ``gov_interpretations`` (title, form, date, url) and each
  interpretation ``gov_policies`` (title, 文号, date, url) — urls are relative
  inside the site, absolute ``https://<domain>/…`` across sites;
- a policy that is 已修改/已废止/已失效 gets its replacement (``gov_superseded_by``)
  and the replacement its predecessor (``gov_supersedes``);
- a 办事指南 whose 设定依据 names a policy of the platform (by 文号 or by its title
  in 《》) gets a link to that policy (宿迁 附件1 加分指标 服务关联);
- every site gets a policy library (政策文件库): ``policies/index.html`` (all
  policies, newest first, with 文号, 发布日期, 效力状态 and their interpretations),
  ``policies/current.html`` (现行有效 only) and one static page per year
  ``policies/<year>.html`` — filtered with plain links, no server and no script.
"""

from __future__ import annotations

import re

from pelican import signals

from jiyue import context, pagetags
from jiyue.metadata import INTERPRETATION_FORMS

LIBRARY_DIR = "policies"
NON_TEXT_FORMS = tuple(f for f in INTERPRETATION_FORMS if f != "文字解读")

# --- references in text (文号, 《title》) --------------------------------------------------

DOC_NUMBER_RE = re.compile(
    r"[\u4e00-\u9fa5A-Za-z]{1,16}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号")
_BRACKETS = str.maketrans({"[": "〔", "［": "〔", "【": "〔", "(": "〔", "（": "〔",
                           "]": "〕", "］": "〕", "】": "〕", ")": "〕", "）": "〕", "〈": "《", "〉": "》",
                           "<": "《", ">": "》"})
BASIS_RE = re.compile(r"^(?:[一二三四五六七八九十\d]+\s*[、.．]\s*)?(?:设定依据|法律依据|办理依据|政策依据|实施依据)\s*[:：]?$")
_TAG_RE = re.compile(r"(<[^>]*>)")
_HEADING_RE = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.S | re.I)
_ROW_RE = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.S | re.I)
_CELL_RE = re.compile(r"<t([hd])\b[^>]*>(.*?)</t\1\s*>", re.S | re.I)


def norm_doc_number(value: str) -> str:
    """江政发[2026]3号, 江政发（2026）第3号 → 江政发〔2026〕3号 (for comparison only)."""
    value = re.sub(r"\s+", "", value or "").translate(_BRACKETS)
    return re.sub(r"〕第(\d)", r"〕\1", value)


def norm_title(value: str) -> str:
    """A title as cited: spaces dropped, nested 〈〉 read as 《》."""
    return re.sub(r"\s+", "", value or "").translate(_BRACKETS).strip("《》")


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html or "").replace("&nbsp;", " ").strip()


def cited_titles(text: str) -> list[tuple[int, int, str]]:
    """Outermost 《…》 spans of ``text`` (nesting-aware): (start, end, inner text)."""
    out = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1, text[start + 1:i]))
    return out


# --- 相关解读 / 原文件 / 替代 -------------------------------------------------------------

def _link(index, record, site_id) -> dict:
    return {"title": record.title, "doc_number": record.doc_number, "url": index.url_of(record, site_id),
            "date": record.date[:10], "form": record.form or "文字解读", "site": record.site,
            "validity": record.validity, "external": record.site != site_id}


def link_policies(generator):
    if not context.is_gov_build(generator.settings):
        return
    index = context.index(generator.settings)
    site_id = generator.settings["GOV_SITE_ID"]
    mine = {r.url: r for r in index.by_site(site_id)}
    interpretations_of = index.interpretations_by_policy()
    successors = {}
    for r in index.records:
        if r.superseded_by and not r.future:
            target = index.published_policy(r.superseded_by, r.site)
            if target is not None:
                successors[(target.site, target.url)] = r
    for article in generator.articles:
        rec = mine.get(article.url)
        article.gov_interpretations = []
        article.gov_policies = []
        article.gov_superseded_by = None
        article.gov_supersedes = None
        if rec is None:
            continue
        article.gov_interpretations = sorted(
            (_link(index, r, site_id) for r in interpretations_of.get((site_id, rec.url), [])),
            key=lambda x: (x["date"], x["url"]))
        for ref in rec.interprets:
            target = index.published_policy(ref, site_id)
            if target is not None and all(p["url"] != index.url_of(target, site_id) for p in article.gov_policies):
                article.gov_policies.append(_link(index, target, site_id))
        if rec.superseded_by:
            target = index.published_policy(rec.superseded_by, site_id)
            if target is not None:
                article.gov_superseded_by = _link(index, target, site_id)
        pred = successors.get((site_id, rec.url))
        if pred is not None:
            article.gov_supersedes = _link(index, pred, site_id)


# --- 办事指南 设定依据 → 政策文件 (服务关联) ---------------------------------------------------

class PolicyLookup:
    """Published policies of the platform by 文号, by full title and by the title of
    the document a notice 印发 (《…关于印发〈X〉的通知》 → X, when X is unambiguous)."""

    def __init__(self, index):
        self.by_number: dict[str, object] = {}
        self.by_title: dict[str, object] = {}
        inner: dict[str, list] = {}
        for r in index.records:
            if r.kind != "policy" or r.future:
                continue
            if r.doc_number:
                self.by_number.setdefault(norm_doc_number(r.doc_number), r)
            title = norm_title(r.title)
            self.by_title.setdefault(title, r)
            for _s, _e, name in cited_titles(title.replace("〈", "《").replace("〉", "》")):
                inner.setdefault(norm_title(name), []).append(r)
        self.by_inner: dict[str, object] = {}
        for name, recs in inner.items():
            current = [r for r in recs if r.validity == "有效"] or recs
            if len(current) == 1:
                self.by_inner[name] = current[0]

    def title(self, cited: str):
        key = norm_title(cited)
        return self.by_title.get(key) or self.by_inner.get(key)

    def number(self, cited: str):
        return self.by_number.get(norm_doc_number(cited))


def basis_spans(html: str) -> list[tuple[int, int]]:
    """Where the 设定依据 of a guide is: the section under a ``设定依据`` heading (up to
    the next heading of the same or a higher level), or the other cells of a table row
    whose first cell is ``设定依据``."""
    spans = []
    heads = list(_HEADING_RE.finditer(html))
    for i, m in enumerate(heads):
        if not BASIS_RE.match(_plain(m.group(2))):
            continue
        level = int(m.group(1))
        end = len(html)
        for n in heads[i + 1:]:
            if int(n.group(1)) <= level:
                end = n.start()
                break
        spans.append((m.end(), end))
    for row in _ROW_RE.finditer(html):
        cells = list(_CELL_RE.finditer(row.group(1)))
        if len(cells) >= 2 and BASIS_RE.match(_plain(cells[0].group(2))):
            offset = row.start(1)
            spans.append((offset + cells[1].start(2), offset + cells[-1].end(2)))
    return spans


def _mentions(text: str, lookup: PolicyLookup) -> list[tuple[int, int, object]]:
    """(start, end, record) of every policy of the platform named in ``text``."""
    found = []
    titles = cited_titles(text)
    for start, end, inner in titles:
        rec = lookup.title(inner)
        if rec is not None:
            found.append((start, end, rec))
    for m in DOC_NUMBER_RE.finditer(text):
        if any(s <= m.start() < e for s, e, _i in titles):
            continue  # a 文号 inside a cited title is part of that title
        rec = lookup.number(m.group(0))
        if rec is not None:
            found.append((m.start(), m.end(), rec))
    return sorted(found, key=lambda x: x[0])


def link_basis(html: str, lookup: PolicyLookup, url_for) -> tuple[str, int]:
    """Link the first mention of every platform policy named in a 设定依据 that is not
    linked yet. Returns (new html, number of links added)."""
    edits: list[tuple[int, int, str]] = []
    for start, end in basis_spans(html):
        segment = html[start:end]
        parts = _TAG_RE.split(segment)
        pos = start
        depth = 0
        linked: set[int] = set()
        candidates: list[tuple[int, int, object]] = []
        for part in parts:
            if part.startswith("<"):
                tag = part[1:].lstrip("/").split(None, 1)[0].rstrip(">").lower() if len(part) > 2 else ""
                if tag == "a":
                    depth += -1 if part.startswith("</") else (0 if part.endswith("/>") else 1)
                    depth = max(depth, 0)
            else:
                for s, e, rec in _mentions(part, lookup):
                    if depth:
                        linked.add(id(rec))
                    else:
                        candidates.append((pos + s, pos + e, rec))
            pos += len(part)
        done: set[int] = set(linked)
        for s, e, rec in candidates:
            if id(rec) in done:
                continue
            done.add(id(rec))
            edits.append((s, e, url_for(rec)))
    for s, e, url in sorted(edits, reverse=True):
        html = f'{html[:s]}<a class="policy-ref" href="{url}">{html[s:e]}</a>{html[e:]}'
    return html, len(edits)


def link_service_guides(generator):
    if not context.is_gov_build(generator.settings):
        return
    site = context.site(generator.settings)
    index = context.index(generator.settings)
    lookup = PolicyLookup(index)
    if not lookup.by_title and not lookup.by_number:
        return

    def url_for(rec):
        if rec.site == site.id:
            return "{filename}/" + rec.source  # Pelican makes it relative to the page
        return index.url_of(rec, site.id)

    for article in generator.articles:
        column = site.column(article.category.name)
        if column is None or column.kind != "service" or not getattr(article, "_content", None):
            continue
        new, added = link_basis(article._content, lookup, url_for)
        if added:
            article._content = new
            _forget_rendered(article)


def _forget_rendered(article) -> None:
    """Drop Pelican's memoized content/summary of ``article`` (normally not yet computed)."""
    for name in ("get_content", "get_summary"):
        fn = getattr(type(article), name, None)
        cache = getattr(fn, "cache", None)
        if isinstance(cache, dict):
            for key in [k for k in cache if k and k[0] is article]:
                del cache[key]


# --- 政策文件库 (policy library) ---------------------------------------------------------

def interpretation_counts(records) -> dict[str, int]:
    """Published interpretations by form (宿迁 附件1 加分指标 解读回应). Same as
    ``lint.rules.policy.interpretation_counts``."""
    counts = dict.fromkeys(INTERPRETATION_FORMS, 0)
    for r in records:
        if r.kind == "interpretation" and not r.future:
            form = r.form or "文字解读"
            counts[form] = counts.get(form, 0) + 1
    return counts


class PolicyLibraryGenerator:
    """Writes ``policies/index.html``, ``policies/current.html`` and ``policies/<year>.html``."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings
        self.output_path = output_path

    def generate_context(self):
        pass

    def generate_output(self, writer):
        settings = self.settings
        site = context.site(settings)
        index = context.index(settings)
        policies = sorted((a for a in self.context.get("articles", []) if getattr(a, "gov_kind", "") == "policy"),
                          key=lambda a: (a.date, a.url), reverse=True)
        rows = [library_row(a) for a in policies]
        years = sorted({r["year"] for r in rows}, reverse=True)
        counts = interpretation_counts(index.by_site(site.id))
        stats = {
            "policies": len(rows),
            "current": sum(1 for r in rows if r["current"]),
            "interpreted": sum(1 for r in rows if r["interpretations"]),
            "needs": sum(1 for r in rows if r["needs_interpretation"] and not r["interpretations"]),
            "interpretations": sum(counts.values()),
            "non_text": sum(counts[f] for f in NON_TEXT_FORMS),
            "by_form": counts,
        }
        filters = [{"key": "all", "label": "全部", "url": f"{LIBRARY_DIR}/index.html"},
                   {"key": "current", "label": "现行有效", "url": f"{LIBRARY_DIR}/current.html"}]
        filters += [{"key": y, "label": f"{y}年", "url": f"{LIBRARY_DIR}/{y}.html"} for y in years]
        template = self.context["gov_env"].get_template("policy_library.html")
        base = dict(self.context)
        views = [("all", f"{LIBRARY_DIR}/index.html", rows, "全部政策文件"),
                 ("current", f"{LIBRARY_DIR}/current.html", [r for r in rows if r["current"]], "现行有效的政策文件")]
        views += [(y, f"{LIBRARY_DIR}/{y}.html", [r for r in rows if r["year"] == y], f"{y}年发布的政策文件")
                  for y in years]
        for key, name, chosen, caption in views:
            writer.write_file(name, template, base, relative_urls=True, template_name="policy_library.html",
                              page_template="policy_library.html", page_type="policies",
                              page_tags=pagetags.page_tags(site), library_rows=chosen, library_filters=filters,
                              library_filter=key, library_caption=caption, library_stats=stats,
                              library_columns=site.columns_of_kind("policy"),
                              library_non_text_forms=NON_TEXT_FORMS)


def library_row(article) -> dict:
    interps = list(getattr(article, "gov_interpretations", []) or [])
    return {
        "title": article.title,
        "url": article.url,
        "doc_number": getattr(article, "gov_doc_number", ""),
        "date": getattr(article, "gov_date", article.date.strftime("%Y-%m-%d")),
        "year": article.date.strftime("%Y"),
        "validity": getattr(article, "gov_validity", "有效"),
        "current": getattr(article, "gov_validity", "有效") == "有效",
        "archived": getattr(article, "gov_archived", None),
        "superseded_by": getattr(article, "gov_superseded_by", None),
        "needs_interpretation": str(article.metadata.get("needsinterpretation", "")).lower() in ("yes", "是", "true"),
        "interpretations": interps,
        "forms": sorted({i["form"] for i in interps}, key=lambda f: INTERPRETATION_FORMS.index(f)
                        if f in INTERPRETATION_FORMS else 99),
    }


def get_generators(pelican):
    if context.is_gov_build(pelican.settings):
        return PolicyLibraryGenerator


def register():
    signals.article_generator_finalized.connect(link_policies)
    signals.article_generator_finalized.connect(link_service_guides)
    signals.get_generators.connect(get_generators)
