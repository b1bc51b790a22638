"""Raw HTML in Markdown passes an allow-list sanitizer (nh3, the ammonia library).

No script, no style attribute, no event handler, no javascript:/data: URL, no
iframe except from hosts listed in ``site_src/platform.toml``::

    [security]
    iframe_hosts = ["v.jiangnan.gov.cn"]

What is removed is logged as a warning naming the Markdown file, so an editor
learns that a pasted snippet did not survive. (CNT009 reports the same things on
pages built elsewhere.)
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import nh3
from pelican import signals

from jiyue import context

logger = logging.getLogger(__name__)

TAGS = (set(nh3.ALLOWED_TAGS) - {"area", "map", "center", "strike", "tt", "acronym"}) | {"iframe", "caption"}
GLOBAL_ATTRS = {"id", "class", "title", "lang", "dir"}
ATTRIBUTES = {
    "*": GLOBAL_ATTRS,
    "a": {"href", "hreflang", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "scope", "headers", "abbr"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "data": {"value"},
    "col": {"span"},
    "colgroup": {"span"},
    "iframe": {"src", "width", "height", "allowfullscreen"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
DANGER_RE = re.compile(r"<script\b|<style\b|\son[a-z]+\s*=|javascript:|\sstyle\s*=|<iframe\b|<object\b|<embed\b|"
                       r"<form\b|\b(?:src|href)\s*=\s*[\"']?\s*data:", re.I)


def _safe_iframe_src(value: str, iframe_hosts: frozenset[str]) -> str | None:
    """The iframe URL as a browser would parse it, kept only for an allow-listed https host.
    (Browsers drop tabs/newlines and read ``\\`` as ``/``: ``https://evil\\@good/`` is evil.)"""
    cleaned = "".join(c for c in value if c not in "\t\n\r").strip().replace("\\", "/")
    parts = urlsplit(cleaned)
    if parts.scheme.lower() != "https" or parts.username is not None or parts.password is not None:
        return None
    if "@" in parts.netloc or (parts.hostname or "").lower() not in iframe_hosts:
        return None
    return cleaned


def _filter(iframe_hosts: frozenset[str]):
    def attribute_filter(element: str, attribute: str, value: str):
        if element == "iframe" and attribute == "src":
            return _safe_iframe_src(value, iframe_hosts)
        if attribute == "cite":
            scheme = urlsplit("".join(c for c in value if c not in "\t\n\r").strip()).scheme.lower()
            return value if scheme in ("", "http", "https") else None
        return value

    return attribute_filter


def sanitize(html: str, iframe_hosts: frozenset[str] = frozenset()) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                     strip_comments=True, attribute_filter=_filter(iframe_hosts))


def _iframe_hosts(settings) -> frozenset[str]:
    security = context.platform(settings).config.section("security")
    hosts = security.get("iframe_hosts", [])
    return frozenset(h.lower() for h in hosts if isinstance(h, str))


def clean_articles(generator):
    if not context.is_gov_build(generator.settings):
        return
    hosts = _iframe_hosts(generator.settings)
    for article in generator.articles + generator.drafts:
        raw = article._content or ""
        cleaned = sanitize(raw, hosts)
        if cleaned != raw and DANGER_RE.search(raw):  # unchanged: nothing was removed
            removed = sorted({m.group(0).strip().lower() for m in DANGER_RE.finditer(raw)} -
                             {m.group(0).strip().lower() for m in DANGER_RE.finditer(cleaned)})
            if removed:
                logger.warning("%s：已移除不安全的 HTML（%s）", article.relative_source_path, "、".join(removed))
        article._content = cleaned
        if getattr(article, "_summary", None):
            article._summary = sanitize(article._summary, hosts)


def register():
    signals.article_generator_finalized.connect(clean_articles)
