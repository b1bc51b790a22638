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
from operator import itemgetter
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode


_MISSING = object()
_first = itemgetter(0)
_REGIONS = (("<!--", "-->"), ("<script", "</script"), ("<style", "</style"))
_SIMPLE_SELECTOR_RE = re.compile(r"([a-z][a-z0-9]*)(?:\[([a-z][a-z0-9-]*)\])?")  # tag or tag[attr]


def regions(html: str, kinds: tuple[str, ...] = ("<!--", "<script", "<style")) -> list[tuple[int, int]]:
    """(start, end) of every comment / script / style element, found in one linear pass
    with ``str.find`` (an unclosed one runs to the end of the document). Regexes like
    ``<!--.*?-->`` are quadratic on unclosed input; this is not."""
    lower = html.lower() if any(k != "<!--" for k in kinds) else html
    ends = {start: end for start, end in _REGIONS if start in kinds}
    found = []
    pos = 0
    n = len(html)
    nxt = {start: lower.find(start) for start in ends}  # next occurrence of each opener
    while pos < n:
        best = -1
        which = None
        for start in ends:
            i = nxt[start]
            if i != -1 and i < pos:
                i = nxt[start] = lower.find(start, pos)
            if i != -1 and (best == -1 or i < best):
                best, which = i, start
        if best == -1:
            break
        if which != "<!--":
            after = best + len(which)
            if after < n and (lower[after].isalnum() or lower[after] in "-_:"):
                pos = after  # <scripts>, <style-x>: not the element
                continue
        close = lower.find(ends[which], best + len(which))
        if close == -1:
            found.append((best, n))
            break
        end = close + len(ends[which])
        if which != "<!--":
            gt = lower.find(">", end)
            end = n if gt == -1 else gt + 1
        found.append((best, end))
        pos = end
    return found


def mask(html: str, kinds: tuple[str, ...] = ("<!--", "<script", "<style"), keep_newlines: bool = True) -> str:
    """``html`` with those regions blanked (same length, newlines kept) — positions stay valid."""
    parts = []
    last = 0
    for start, end in regions(html, kinds):
        parts.append(html[last:start])
        chunk = html[start:end]
        parts.append("".join("\n" if c == "\n" else " " for c in chunk) if keep_newlines else "")
        last = end
    parts.append(html[last:])
    return "".join(parts)


def strip_comments(html: str) -> str:
    """``html`` without its comments (a ``<!--`` inside a script is not a comment)."""
    parts = []
    last = 0
    for start, end in regions(html, ("<!--", "<script")):
        if html.startswith("<!--", start):
            parts.append(html[last:start])
            last = end
    parts.append(html[last:])
    return "".join(parts)


_PLANS: dict[str, tuple[tuple[str, str | None], ...] | None] = {}  # selector -> _plan(selector)


def _plan(selector: str) -> tuple[tuple[str, str | None], ...] | None:
    """(tag, attr or None) of each item of a list of ``tag`` and ``tag[attr]`` selectors naming
    different tags, else None — worked out once per selector (nearly all are constants of the
    rules)."""
    try:
        return _PLANS[selector]
    except KeyError:
        pass
    items = []
    for item in selector.split(","):
        m = _SIMPLE_SELECTOR_RE.fullmatch(item.strip())
        if m is None:
            items = None
            break
        items.append((m.group(1), m.group(2)))
    if items is not None and len({tag for tag, _attr in items}) != len(items):
        items = None  # lexbor would list an element once per selector of the list it matches
    if len(_PLANS) >= 1024:
        _PLANS.clear()
    plan = _PLANS[selector] = tuple(items) if items is not None else None
    return plan


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
                 template: str | None = None, column: str | None = None, site_id: str | None = None,
                 utf8: bytes | None = None):
        self.html = html
        self.path = path  # relative to the site's output folder
        self.type = type  # home | column | content | sitemap | archive | error | other
        self.site = site  # SiteConfig or None
        self.site_id = site_id or (site.id if site is not None else None)
        self.source = source  # Markdown file relative to the site folder
        self.template = template
        self.column = column
        # ``utf8``: the bytes ``html`` was decoded from, when that was plain UTF-8 — lexbor parses
        # them as they are instead of encoding ``html`` again
        self.tree = LexborHTMLParser(utf8 if utf8 is not None else html)
        self.record = None  # the platform-index Record of a content page, when known
        self._ranks: dict[str, dict[int, int]] = {}  # tag -> {node mem_id: rank} (line_of)
        self._offsets: dict[str, list[int]] = {}  # tag -> offsets of "<tag" in the source
        self._css: dict[str, list[LexborNode]] = {}
        self._css_first: dict[str, LexborNode | None] = {}
        self._elements: dict[str, list[tuple[LexborNode, dict]]] = {}
        self._with_attr: dict[tuple[str, str], list[tuple[LexborNode, str | None]]] = {}

    # --- queries -------------------------------------------------------------------
    # Forty-odd rules ask the same few selectors of every page (main, h1, a[href], meta[name] …):
    # each answer is computed once per page. Rules never modify ``tree`` (they may build trees
    # of their own); callers get a fresh list.
    def css(self, selector: str) -> list[LexborNode]:
        found = self._css.get(selector)
        if found is None:
            found = self._css[selector] = self._query(selector)
        return list(found)

    def css_first(self, selector: str) -> LexborNode | None:
        node = self._css_first.get(selector, _MISSING)
        if node is _MISSING:
            found = self._css.get(selector)
            if found is None and _plan(selector) is not None:
                found = self._css[selector] = self._query(selector)
            node = found[0] if found else (None if found is not None else self.tree.css_first(selector))
            self._css_first[selector] = node
        return node

    def _query(self, selector: str) -> list[LexborNode]:
        """``tree.css(selector)``. A list of ``tag`` and ``tag[attr]`` selectors (``h1, h2``,
        ``a[href]``, ``img[srcset], source[srcset]``) is answered from one walk of the tree shared
        by all such queries — the same elements in the same (document) order as lexbor gives;
        each walk of lexbor costs as much as the whole index."""
        items = _plan(selector)
        if items is None:
            return self.tree.css(selector)
        if len(items) == 1:
            tag, attr = items[0]
            if attr is None:
                return [node for _pos, node in self._tag_index.get(tag, ())]
            return [node for node, attrs in self.elements(tag) if attr in attrs]
        found = [hit for tag, attr in items for hit in self._positions(tag, attr)]
        found.sort(key=_first)
        return [node for _pos, node in found]

    def _positions(self, tag: str, attr: str | None) -> list[tuple[int, LexborNode]]:
        """(position in document order, node) of every ``<tag>`` (having ``attr``)."""
        index = self._tag_index.get(tag, ())
        if attr is None:
            return index
        return [item for item, (_node, attrs) in zip(index, self.elements(tag)) if attr in attrs]

    def elements(self, tag: str) -> list[tuple[LexborNode, dict[str, str | None]]]:
        """(node, its attributes) of every ``<tag>`` (lower-case name) in document order,
        computed once per page. The attribute dicts are shared: never modify them."""
        found = self._elements.get(tag)
        if found is None:
            found = self._elements[tag] = [(node, node.attributes) for _pos, node in self._tag_index.get(tag, ())]
        return found

    def with_attr(self, tag: str, attr: str) -> list[tuple[LexborNode, str | None]]:
        """(node, value) of every ``<tag>`` that has ``attr`` — ``css(f"{tag}[{attr}]")`` with the
        values (None for an attribute without one), computed once per page."""
        found = self._with_attr.get((tag, attr))
        if found is None:
            found = self._with_attr[tag, attr] = [(node, attrs[attr]) for node, attrs in self.elements(tag)
                                                  if attr in attrs]
        return found

    @cached_property
    def _tag_index(self) -> dict[str, list[tuple[int, LexborNode]]]:
        """Every element by tag name, with its position in document order. Keys are lexbor's tag
        names: lower-case, except a few SVG names (``foreignObject``) no rule asks for."""
        index: dict[str, list[tuple[int, LexborNode]]] = {}
        root = self.tree.root
        if root is not None:
            for pos, node in enumerate(root.traverse()):
                found = index.get(node.tag)
                if found is None:
                    index[node.tag] = [(pos, node)]
                else:
                    found.append((pos, node))
        return index

    @cached_property
    def _meta_nodes(self) -> list[tuple[str, str, LexborNode]]:
        """(name, content, node) of every ``<meta name>``, both values stripped."""
        return [((attrs.get("name") or "").strip(), (attrs.get("content") or "").strip(), node)
                for node, attrs in self.elements("meta") if "name" in attrs]

    @cached_property
    def metas(self) -> dict[str, list[str]]:
        """``<meta name=X content=Y>`` by exact name (page tags are case-sensitive)."""
        found: dict[str, list[str]] = {}
        for name, content, _node in self._meta_nodes:
            found.setdefault(name, []).append(content)
        return found

    def meta(self, name: str) -> str | None:
        values = self.metas.get(name)
        return values[0] if values else None

    def meta_node(self, name: str) -> LexborNode | None:
        for other, _content, node in self._meta_nodes:
            if other == name:
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
        """True for the content root and every node (element, text, comment) under it."""
        ids = self._content_ids
        if not ids:
            return False
        if node.mem_id in ids:
            return True
        if node.is_element_node:
            return False
        parent = node.parent  # a text or comment node is in the content when its element is
        return parent is not None and parent.mem_id in ids

    @cached_property
    def _content_ids(self) -> frozenset[int]:
        """``mem_id`` of the content root and of every element under it."""
        root = self.content_root
        return frozenset(n.mem_id for n in root.traverse()) if root is not None else frozenset()

    @cached_property
    def id_list(self) -> list[tuple[LexborNode, str]]:
        """(node, its id — "" for an id without a value) of every element with an ``id``, in
        document order; shared by the rules and the page info."""
        return [(node, node.id or "") for node in self.css("[id]")]

    @cached_property
    def main_times(self) -> list[LexborNode]:
        """Every ``<time>`` in ``<main>`` (else the body), in document order."""
        if "time" not in self._tag_index:
            return []
        main = self.css_first("main") or self.body
        return main.css("time") if main is not None else []

    # --- positions -------------------------------------------------------------------
    @cached_property
    def _masked(self) -> str:
        return mask(self.html)

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
        ranks = self._ranks.get(tag)
        if ranks is None:
            ranks = self._ranks[tag] = {other.mem_id: i for i, other in enumerate(self.tree.css(tag))}
        rank = ranks.get(node.mem_id)
        if rank is None:
            return None
        offsets = self._offsets.get(tag)
        if offsets is None:
            source = self._masked if tag not in ("script", "style") else self.html
            offsets = self._offsets[tag] = [m.start() for m in re.finditer(
                rf"<{re.escape(tag)}(?=[\s/>])", source, re.I)]
        return self.line_at(offsets[rank]) if rank < len(offsets) else None

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
