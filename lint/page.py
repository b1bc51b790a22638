"""One built page, parsed once (lexbor, HTML5-conformant), queried by every rule.

lexbor keeps no source positions, so ``line_of`` finds an element's line lazily
(only when a rule reports it): the element's rank among elements of the same
tag, matched to the same rank of ``<tag`` in the raw HTML outside comments,
scripts and styles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

_SKIP_RE = re.compile(r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>", re.S | re.I)


@dataclass
class Hit:
    """What a rule reports; the engine turns it into a Finding."""

    message: str
    line: int | None = None
    origin: str = "page"  # "content" (from Markdown), "template" (theme), "page", "source" (metadata)
    extra: dict[str, Any] = field(default_factory=dict)
    file: str | None = None  # set when the rule knows the file (e.g. a Markdown metadata line)
    page: str | None = "__page__"  # override the page (site rules); None = site level
    severity: str | None = None  # override the rule's default (e.g. W for a legacy host)


class Page:
    def __init__(self, html: str, path: str, *, type: str = "column", site=None, source: str | None = None,
                 template: str | None = None, column: str | None = None, site_id: str | None = None):
        self.html = html
        self.path = path  # relative to the site's output folder
        self.type = type  # home | column | content | sitemap | archive | error | other
        self.site = site  # SiteConfig or None
        self.site_id = site_id or (site.id if site is not None else None)
        self.source = source  # Markdown file relative to the site folder
        self.template = template
        self.column = column
        self.tree = LexborHTMLParser(html)
        self.record = None  # the platform-index Record of a content page, when known

    # --- queries -------------------------------------------------------------------
    def css(self, selector: str) -> list[LexborNode]:
        return self.tree.css(selector)

    def css_first(self, selector: str) -> LexborNode | None:
        return self.tree.css_first(selector)

    @cached_property
    def metas(self) -> dict[str, list[str]]:
        """``<meta name=X content=Y>`` by exact name (page tags are case-sensitive)."""
        found: dict[str, list[str]] = {}
        for node in self.tree.css("meta[name]"):
            name = (node.attributes.get("name") or "").strip()
            found.setdefault(name, []).append((node.attributes.get("content") or "").strip())
        return found

    def meta(self, name: str) -> str | None:
        values = self.metas.get(name)
        return values[0] if values else None

    def meta_node(self, name: str) -> LexborNode | None:
        for node in self.tree.css("meta[name]"):
            if (node.attributes.get("name") or "").strip() == name:
                return node
        return None

    @cached_property
    def body(self) -> LexborNode | None:
        return self.tree.body

    @cached_property
    def text(self) -> str:
        body = self.tree.body
        return body.text(separator=" ") if body is not None else ""

    @cached_property
    def footer(self) -> LexborNode | None:
        """The page footer: the theme's, a <footer>, or a footer-like block of a legacy CMS."""
        for sel in ("footer.site-footer", "footer", "[role=contentinfo]", "#footer", ".footer", "#foot",
                    ".foot", "[class*=footer]", "[id*=footer]", "[class*=bottom]", "[id*=bottom]"):
            nodes = self.tree.css(sel)
            if nodes:
                return nodes[-1]
        return None

    @cached_property
    def footer_region(self) -> str:
        """Text + markup where footer identifiers are looked for: the footer if the
        page has one, else the last third of the body (legacy pages)."""
        if self.footer is not None:
            return self.footer.html or ""
        body = self.tree.body
        html = body.html if body is not None else self.html
        return html[len(html) * 2 // 3:] if html else ""

    @cached_property
    def content_root(self) -> LexborNode | None:
        """The part of the page that comes from Markdown (the article body)."""
        return self.tree.css_first(".article-body")

    def in_content(self, node: LexborNode) -> bool:
        root = self.content_root
        if root is None:
            return False
        cur = node
        while cur is not None:
            if cur.mem_id == root.mem_id:
                return True
            cur = cur.parent
        return False

    # --- positions -------------------------------------------------------------------
    @cached_property
    def _masked(self) -> str:
        return _SKIP_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), self.html)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        for m in re.finditer("\n", self.html):
            starts.append(m.end())
        return starts

    def line_at(self, offset: int) -> int:
        import bisect

        return bisect.bisect_right(self._line_starts, offset)

    def line_of(self, node: LexborNode | None) -> int | None:
        if node is None or not node.tag or node.tag.startswith("-"):
            return None
        tag = node.tag.lower()
        if tag in ("html", "head", "body") and not re.search(rf"<{tag}[\s>]", self.html, re.I):
            return 1
        rank = None
        for i, other in enumerate(self.tree.css(tag)):
            if other.mem_id == node.mem_id:
                rank = i
                break
        if rank is None:
            return None
        source = self._masked if tag not in ("script", "style") else self.html
        for i, m in enumerate(re.finditer(rf"<{re.escape(tag)}(?=[\s/>])", source, re.I)):
            if i == rank:
                return self.line_at(m.start())
        return None

    def line_of_text(self, needle: str) -> int | None:
        pos = self.html.find(needle)
        return self.line_at(pos) if pos >= 0 else None

    # --- reporting -------------------------------------------------------------------
    def hit(self, where: LexborNode | int | None, message: str, *, origin: str | None = None,
            **extra) -> Hit:
        if isinstance(where, int):
            line = where
            node = None
        else:
            node = where
            line = self.line_of(node) if node is not None else None
        if origin is None:
            if node is None:
                origin = "page"
            elif self.in_content(node):
                origin = "content"
            else:
                origin = "template"
        return Hit(message=message, line=line, origin=origin, extra=extra)


def infer_type(path: str, html_head: str) -> str:
    """CONTRACT §4.2: index.html at the top = home; a page with an ArticleTitle or
    PubDate tag = content; any other = column."""
    if path == "index.html":
        return "home"
    if re.search(r"<meta[^>]+name\s*=\s*[\"']?(ArticleTitle|PubDate)\b", html_head, re.I):
        return "content"
    return "column"
