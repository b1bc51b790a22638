"""网页标签 (page tags) per page type, from the 47号文 annex 《政府网站网页设计规范》.

Site tags on every page; column tags on column and content pages; content tags
on content pages. Values come from site.toml and the article metadata.
"""

from __future__ import annotations

from jiyue.siteconfig import Column, SiteConfig

SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode")
COLUMN_TAGS = ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
CONTENT_TAGS = ("ArticleTitle", "PubDate", "ContentSource")


def site_tags(site: SiteConfig) -> list[tuple[str, str]]:
    return [("SiteName", site.name), ("SiteDomain", site.domain), ("SiteIDCode", site.site_code)]


def column_tags(column: Column) -> list[tuple[str, str]]:
    return [
        ("ColumnName", column.name),
        ("ColumnDescription", column.description),
        ("ColumnKeywords", column.keywords),
        ("ColumnType", column.type),
    ]


def content_tags(site: SiteConfig, column: Column, *, title: str, pubdate: str, source: str,
                 keywords: str = "", author: str = "", description: str = "", image: str = "",
                 url: str = "", archived: str = "") -> list[tuple[str, str]]:
    tags = site_tags(site) + column_tags(column) + [
        ("ArticleTitle", title), ("PubDate", pubdate), ("ContentSource", source),
    ]
    for name, value in (("Keywords", keywords), ("Author", author), ("Description", description),
                        ("Image", image), ("Url", url), ("ArchiveDate", archived)):
        if value:
            tags.append((name, value))
    return tags


def page_tags(site: SiteConfig, column: Column | None = None) -> list[tuple[str, str]]:
    """Tags of a home, sitemap or column page."""
    return site_tags(site) + (column_tags(column) if column else [])
