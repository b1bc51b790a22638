"""Columns (栏目): folder = column; home page, column pages, 网站地图 and sitemap.xml.

Column pages list items with visible dates (COL007); page N ≥ 2 of a column is
``<column>/page/<N>.html``, a path no article slug can claim. The home page shows
the latest items of the main columns and, on a portal, the departments' news
(from the platform index, so the portal needs no department build).
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from pelican import signals

from jiyue import context, pagetags

HOME_KINDS = ("notice", "policy", "interpretation", "data", "service", "interaction", "survey")


class ColumnsGenerator:
    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings
        self.output_path = output_path
        self.env = None

    def generate_context(self):
        pass

    def _template(self, name):
        # Reuse the articles generator's Jinja environment (globals set by gov_identity).
        env = self.context["gov_env"]
        return env.get_template(name + ".html")

    def generate_output(self, writer):
        settings = self.settings
        site = context.site(settings)
        articles = [a for a in self.context.get("articles", []) if hasattr(a, "gov_column")]
        per_page = int(settings.get("GOV_COLUMNS_PER_PAGE", 20))
        by_column: dict[str, list] = {c.id: [] for c in site.columns}
        for a in articles:
            by_column.setdefault(a.category.name, []).append(a)
        base = dict(self.context)

        def write(name, template, **kwargs):
            writer.write_file(name, self._template(template), base, relative_urls=True,
                              template_name=template + ".html", page_template=template + ".html", **kwargs)

        for column in site.columns:
            items = by_column.get(column.id, [])
            current = [a for a in items if a.gov_current]
            noncurrent = [a for a in items if not a.gov_current and not a.gov_archived]
            total = max(1, math.ceil(len(current) / per_page))
            for number in range(1, total + 1):
                chunk = current[(number - 1) * per_page: number * per_page]
                write(_page_name(column.id, number), "column", page_type="column", column=column,
                      items=chunk, noncurrent_items=noncurrent if number == 1 else [],
                      subcolumns=column.children,
                      pagination=_pagination(column.id, number, total),
                      page_tags=pagetags.page_tags(site, column))

        limit = int(settings.get("GOV_HOME_ITEMS", 8))
        news = sorted((a for a in articles if a.gov_kind == "news" and a.gov_current),
                      key=lambda a: a.date, reverse=True)[:limit]
        sections = []
        for kind in HOME_KINDS:
            for column in site.columns_of_kind(kind):
                if column.parent:
                    continue
                items = [a for a in by_column.get(column.id, []) if a.gov_current][:limit]
                sections.append({"column": column, "items": items})
        write("index.html", "index", page_type="home", home_news=news, home_sections=sections,
              dept_news=_department_news(settings, site, limit), page_tags=pagetags.page_tags(site))
        write("sitemap.html", "sitemap", page_type="sitemap", page_tags=pagetags.page_tags(site))
        # The 404 page is served for any missing URL at any depth: absolute links to the site.
        write("404.html", "404", page_type="error", page_tags=pagetags.page_tags(site),
              SITEURL=site.url.rstrip("/"), localsiteurl=site.url.rstrip("/"))
        _write_sitemap_xml(self.output_path, site, articles, by_column)


def _page_name(column_id: str, number: int) -> str:
    return f"{column_id}/index.html" if number == 1 else f"{column_id}/page/{number}.html"


def _pagination(column_id: str, number: int, total: int) -> dict:
    return {
        "number": number,
        "total_pages": total,
        "prev_url": _page_name(column_id, number - 1) if number > 1 else None,
        "next_url": _page_name(column_id, number + 1) if number < total else None,
        "pages": [{"number": n, "url": _page_name(column_id, n)} for n in range(1, total + 1)],
    }


def _department_news(settings, site, limit: int) -> list[dict]:
    if site.kind != "portal":
        return []
    index = context.index(settings)
    platform = context.platform(settings)
    rows = [r for r in index.records
            if r.site != site.id and r.kind == "news" and not r.future and not r.archived
            and r.validity == "有效" and platform.sites[r.site].parent == site.id]
    rows.sort(key=lambda r: r.date, reverse=True)
    return [{"title": r.title, "url": index.url_of(r, site.id), "date": r.date[:10],
             "site_name": platform.sites[r.site].name} for r in rows[:limit]]


def _write_sitemap_xml(output_path, site, articles, by_column) -> None:
    import os

    def newest(items):  # the day of the newest item (ISO days sort like the dates)
        return max((a.gov_date for a in items), default=None)

    urls = [(site.url, newest(articles))]
    for column in site.columns:
        urls.append((f"{site.url}{column.id}/", newest(by_column.get(column.id, []))))
    urls += [(f"{site.url}{a.url}", a.gov_date) for a in sorted(articles, key=lambda a: a.url)]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc, day in urls:
        lastmod = f"<lastmod>{day}</lastmod>" if day else ""
        lines.append(f"  <url><loc>{escape(loc)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    with open(os.path.join(output_path, "sitemap.xml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def remember_env(generator):
    """The article generator's environment, shared by our generators."""
    generator.context["gov_env"] = generator.env


def get_generators(pelican):
    if context.is_gov_build(pelican.settings):
        return ColumnsGenerator


def register():
    signals.article_generator_init.connect(remember_env)
    signals.get_generators.connect(get_generators)
