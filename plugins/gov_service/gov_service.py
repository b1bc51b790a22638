"""办事指南 as the table inspectors expect (宝鸡 第十四条(二) 以表格化形式展示; 宿迁 第十五条).

For every article of a ``service`` column whose body has at least one of the ten
elements (``lint.guide``: ``##`` sections, two-column table rows or ``**标签：**``
lead-ins, with the accepted synonyms), sets ``article.gov_guide`` to a
:class:`GuideTable`: iterating it gives ``{"element": 事项名称, "label": as written,
"content_html": …}`` rows — the ten elements in their canonical order (an element
written twice, e.g. 受理时间 and 承诺时限, is merged under its canonical name), then any
other section (注意事项 …) under its own label; ``.intro`` / ``.after`` hold the HTML
written before the first element and after the last one (kept, never dropped).
Other articles get ``gov_guide = None``.

The rows are cut from ``article.content`` when the page is rendered, so Pelican has
already resolved ``{filename}``/``{static}`` links for that page. The theme renders them
with ``partials/_service_guide.html`` as a two-column table with ``<th scope="row">``.
Runs after gov_sanitize and gov_metadata (PLUGINS order).
"""

from __future__ import annotations

from html import escape

from pelican import signals
from selectolax.lexbor import LexborHTMLParser

from jiyue import context
from lint import guide


def guide_rows(html: str) -> tuple[list[dict], str, str] | None:
    """(rows, intro_html, after_html) of a guide's HTML, or None when it has no element."""
    tree = LexborHTMLParser(f"<div id=\"gov-guide-root\">{html}</div>")
    root = tree.css_first("#gov-guide-root")
    sections = guide.parse(root)
    if not guide.elements(sections):
        return None
    rows: dict[str, dict] = {}
    extra: list[dict] = []
    intro, after = [], []
    seen_element = False
    for s in sections:
        if s.form == "free" or (s.element is None and not s.label):
            (after if seen_element else intro).append("\n".join(n.html or "" for n in s.nodes))
            continue
        seen_element = True
        content = s.html
        if s.element is None:
            extra.append({"element": s.label, "label": s.label, "content_html": content})
        elif s.element in rows:
            row = rows[s.element]
            row["content_html"] += f"\n<p><strong>{escape(s.label)}</strong></p>\n{content}"
        else:
            rows[s.element] = {"element": s.element, "label": s.label, "content_html": content}
    ordered = [rows[e] for e in guide.ELEMENTS if e in rows] + extra
    return ordered, "\n".join(h for h in intro if h.strip()), "\n".join(h for h in after if h.strip())


class GuideTable:
    """The rows of one guide, cut lazily from the article's rendered content."""

    def __init__(self, article):
        self._article = article
        self._cache: dict[str, tuple[list[dict], str, str]] = {}

    def _parts(self) -> tuple[list[dict], str, str]:
        html = self._article.content or ""
        if html not in self._cache:
            self._cache.clear()
            self._cache[html] = guide_rows(html) or ([], "", "")
        return self._cache[html]

    def __iter__(self):
        return iter(self._parts()[0])

    def __len__(self) -> int:
        return len(self._parts()[0])

    def __bool__(self) -> bool:
        return bool(self._parts()[0])

    @property
    def rows(self) -> list[dict]:
        return self._parts()[0]

    @property
    def intro(self) -> str:
        return self._parts()[1]

    @property
    def after(self) -> str:
        return self._parts()[2]


def tabulate(generator):
    if not context.is_gov_build(generator.settings):
        return
    for article in generator.articles + generator.drafts:
        article.gov_guide = None
        if getattr(article, "gov_kind", None) != "service":
            continue
        if guide_rows(article._content or "") is not None:
            article.gov_guide = GuideTable(article)


def register():
    signals.article_generator_finalized.connect(tabulate)
