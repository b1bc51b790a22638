"""Link and asset rewriting for archive snapshots.

The snapshot must keep each page's markup as it was published, so pages are not
re-serialized from a DOM (that reformats legacy pages by hundreds of lines).
Instead:

* the real HTML5 parser (selectolax / lexbor) decides *what* the document is:
  which elements exist and what their decoded attribute values are;
* a small HTML5-style tokenizer (:func:`iter_tokens`) finds *where* each start
  tag and attribute value is in the source;
* only edits the parser confirms are applied, as text splices on the original
  source (:func:`apply_edits`).

When the two disagree on something that must be edited (an implied ``<head>``
or ``<body>``, say), :func:`transform_html` re-parses the page from the
parser's own serialization and edits that instead, so the result is always
what a browser would see.

URLs are mapped by :class:`LinkMapper`: references that resolve to a file of
the snapshot become relative links to that file, links to other hosts stay,
and references to files that are missing are left as they are and reported.
"""

from __future__ import annotations

import html as _html
import html.entities
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

# --- tokenizer -----------------------------------------------------------------------------

_WS = " \t\n\f\r"
RAWTEXT = frozenset({"style", "xmp", "iframe", "noembed", "noframes"})
RCDATA = frozenset({"title", "textarea"})


@dataclass
class Attr:
    name: str  # lower case
    raw: str  # the value as written (entities not decoded); "" when no value
    start: int  # start of the attribute name
    end: int  # end of the whole attribute (after the closing quote)
    value_start: int | None  # start of the value text (inside quotes); None = no value
    value_end: int | None
    quote: str  # '"', "'" or "" (unquoted / no value)
    duplicate: bool = False  # a repeated name: the parser ignores it

    @property
    def value(self) -> str:
        return decode_attr(self.raw)


@dataclass
class Tag:
    name: str  # lower case
    start: int  # offset of "<"
    end: int  # offset just after ">"
    attrs: list[Attr] = field(default_factory=list)
    end_tag: bool = False
    text_end: int | None = None  # raw-text elements (script, style, ...): end of their text

    def attr(self, name: str) -> Attr | None:
        for a in self.attrs:
            if a.name == name and not a.duplicate:
                return a
        return None

    def get(self, name: str, default: str | None = None) -> str | None:
        a = self.attr(name)
        return a.value if a is not None else default


def _find_end_tag(src: str, name: str, pos: int) -> int:
    """Offset of the ``</name`` that closes a raw-text element, or len(src)."""
    pat = re.compile(r"</" + re.escape(name) + r"(?=[\s/>])", re.I)
    m = pat.search(src, pos)
    return m.start() if m else len(src)


def iter_tokens(src: str) -> Iterator[Tag]:
    """Yield the start and end tags of ``src`` with exact source offsets.

    Follows the HTML5 tokenizer for what matters here: comments (including the
    abrupt ``<!-->``), doctype and bogus comments, attribute quoting, duplicate
    attributes, and the raw text of script, style, title, textarea, xmp, iframe,
    noembed, noframes and plaintext.
    """
    n = len(src)
    i = 0
    while True:
        i = src.find("<", i)
        if i < 0 or i + 1 >= n:
            return
        c = src[i + 1]
        if src.startswith("<!--", i):
            if src.startswith(">", i + 4):
                i += 5
            elif src.startswith("->", i + 4):
                i += 6
            else:
                j = src.find("-->", i + 4)
                k = src.find("--!>", i + 4)
                if j < 0 and k < 0:
                    return
                if j < 0 or (0 <= k < j):
                    i = k + 4
                else:
                    i = j + 3
            continue
        if c in "!?":
            j = src.find(">", i + 2)
            if j < 0:
                return
            i = j + 1
            continue
        end_tag = False
        p = i + 1
        if c == "/":
            end_tag = True
            p += 1
            if p >= n:
                return
            if not src[p].isascii() or not src[p].isalpha():
                if src[p] == ">":
                    i = p + 1
                    continue
                j = src.find(">", p)  # bogus comment
                if j < 0:
                    return
                i = j + 1
                continue
        elif not (c.isascii() and c.isalpha()):
            i += 1
            continue
        q = p
        while q < n and src[q] not in _WS and src[q] not in "/>":
            q += 1
        name = src[p:q].lower()
        tag = Tag(name, i, -1, end_tag=end_tag)
        seen: set[str] = set()
        # attributes
        while True:
            while q < n and (src[q] in _WS or src[q] == "/"):
                q += 1
            if q >= n:
                return  # EOF inside a tag: the tag is dropped
            if src[q] == ">":
                q += 1
                break
            a_start = q
            q += 1  # the first character may be "="
            while q < n and src[q] not in _WS and src[q] not in "/>=":
                q += 1
            a_name = src[a_start:q].lower()
            r = q
            while r < n and src[r] in _WS:
                r += 1
            if r < n and src[r] == "=":
                r += 1
                while r < n and src[r] in _WS:
                    r += 1
                if r >= n:
                    return
                quote = src[r]
                if quote in "\"'":
                    v_start = r + 1
                    v_end = src.find(quote, v_start)
                    if v_end < 0:
                        return
                    a_end = v_end + 1
                else:
                    quote = ""
                    v_start = r
                    v_end = r
                    while v_end < n and src[v_end] not in _WS and src[v_end] != ">":
                        v_end += 1
                    a_end = v_end
                attr = Attr(a_name, src[v_start:v_end], a_start, a_end, v_start, v_end, quote)
                q = a_end
            else:
                attr = Attr(a_name, "", a_start, q, None, None, "")
            attr.duplicate = a_name in seen
            seen.add(a_name)
            tag.attrs.append(attr)
        tag.end = q
        i = q
        if not end_tag:
            if name == "plaintext":
                tag.text_end = n
                yield tag
                return
            if name == "script" or name in RAWTEXT or name in RCDATA:
                tag.text_end = _find_end_tag(src, name, i)
                yield tag
                i = tag.text_end
                continue
        yield tag


# --- attribute values ----------------------------------------------------------------------

_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_ENTITIES = html.entities.html5


def decode_attr(raw: str) -> str:
    """Decode character references in an attribute value the HTML5 way: a named
    reference without ";" followed by "=" or an alphanumeric stays literal
    (``?a=1&copy=2`` keeps its ``&copy``)."""
    if "&" not in raw:
        return raw

    def sub(m: re.Match) -> str:
        ref = m.group(1)
        if ref.startswith("#"):
            return _html.unescape(m.group(0))
        if ref.endswith(";") and ref in _ENTITIES:
            return _ENTITIES[ref]
        name = ref.rstrip(";")
        # longest legacy name (without ";") that prefixes the reference
        for k in range(len(name), 0, -1):
            if name[:k] in _ENTITIES:
                if k < len(name):
                    return m.group(0)  # followed by an alphanumeric: literal in attributes
                after = ";" if ref.endswith(";") else raw[m.end(): m.end() + 1]
                if after == "=":
                    return m.group(0)
                return _ENTITIES[name] + ref[len(name):]
        return m.group(0)

    return _CHARREF.sub(sub, raw)


def encode_attr(value: str, quote: str = '"') -> str:
    out = value.replace("&", "&amp;")
    if quote == "'":
        return out.replace("'", "&#39;")
    return out.replace('"', "&quot;")


# --- edits -----------------------------------------------------------------------------------

@dataclass(order=True)
class Edit:
    start: int
    end: int
    text: str


def apply_edits(src: str, edits: Iterable[Edit]) -> str:
    """Splice ``edits`` (non-overlapping; insertions have start == end) into src.
    Insertions at one offset keep their given order."""
    ordered = sorted(enumerate(edits), key=lambda ie: (ie[1].start, ie[1].end, ie[0]))
    out: list[str] = []
    pos = 0
    for _, e in ordered:
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        out.append(src[pos:e.start])
        out.append(e.text)
        pos = e.end
    out.append(src[pos:])
    return "".join(out)


def attr_edit(attr: Attr, new_value: str) -> Edit:
    """Replace an attribute's value, keeping its quoting where possible."""
    if attr.value_start is not None and attr.quote:
        return Edit(attr.value_start, attr.value_end, encode_attr(new_value, attr.quote))
    # unquoted or valueless: rewrite as name="value"
    return Edit(attr.start, attr.end, f'{attr.name}="{encode_attr(new_value)}"')


# --- URL mapping -------------------------------------------------------------------------------

SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "about:", "blob:", "sms:", "ftp:",
                "file:", "chrome-extension:", "vbscript:")


@dataclass
class Mapped:
    url: str  # the new URL (equal to the input when unchanged)
    status: str  # internal | external | missing | excluded | skip
    target: str | None = None  # snapshot-relative file the URL reaches (internal)


class LinkMapper:
    """Maps URLs found on a page of the snapshot.

    ``files``: every snapshot-relative POSIX path (unquoted) that exists.
    ``domains``: host names that mean "this site" (absolute links to them are
    internal). ``excluded``: predicate on a snapshot-relative path for things
    that exist on the live site but are deliberately not in the snapshot
    (other snapshots). ``case_insensitive``: also match files whose path differs
    only in letter case (legacy IIS sites).
    """

    def __init__(self, files: Iterable[str], domains: Iterable[str] = (),
                 excluded: Callable[[str], bool] | None = None, case_insensitive: bool = False):
        self.files = set(files)
        self.dirs = {posixpath.dirname(f) for f in self.files}
        for d in list(self.dirs):
            while d:
                d = posixpath.dirname(d)
                self.dirs.add(d)
        self.domains = {d.lower().rstrip(".") for d in domains if d}
        self.excluded = excluded or (lambda p: False)
        self.lower = {f.lower(): f for f in self.files} if case_insensitive else None

    def is_own_host(self, netloc: str) -> bool:
        host = netloc.rsplit("@", 1)[-1].lower()
        if host.startswith("["):
            return False
        host = host.split(":", 1)[0].rstrip(".")
        return host in self.domains

    def _lookup(self, path: str) -> str | None:
        """A snapshot-relative (unquoted) path → the existing file it serves."""
        if path in ("", "."):
            cand = ["index.html", "index.htm"]
        elif path.endswith("/"):
            cand = [path + "index.html", path + "index.htm"]
        else:
            cand = [path]
            if path in self.dirs:
                cand += [path + "/index.html", path + "/index.htm"]
        for c in cand:
            if c in self.files:
                return c
        if self.lower is not None:
            for c in cand:
                hit = self.lower.get(c.lower())
                if hit:
                    return hit
        return None

    def resolve(self, url: str, page: str) -> tuple[str, str | None, str | None, str, str]:
        """→ (kind, raw_target, target_file, query, fragment).

        kind: skip | external | inside | outside (above the snapshot root)."""
        u = url.strip(_WS)
        if not u or u.startswith("#"):
            return "skip", None, None, "", ""
        low = u.lower()
        if low.startswith(SKIP_SCHEMES) or ("{{" in u or "{%" in u):
            return "skip", None, None, "", ""
        u = u.replace("\\", "/")
        try:
            parts = urlsplit(u)
        except ValueError:
            return "skip", None, None, "", ""
        if parts.scheme and parts.scheme.lower() not in ("http", "https"):
            return "skip", None, None, "", ""
        if parts.netloc or parts.scheme:
            if not self.is_own_host(parts.netloc):
                return "external", None, None, "", ""
            raw = parts.path or "/"
        else:
            raw = parts.path
        if raw.startswith("/"):
            base = ""
            raw = raw.lstrip("/")
        else:
            base = posixpath.dirname(page)
        if raw == "" and not (parts.netloc or parts.scheme or u.startswith("/")):
            # "?q" or "" relative to the page itself
            raw_target = page
        else:
            trailing = raw.endswith("/") or raw in ("", ".", "..") or raw.endswith(("/.", "/.."))
            joined = posixpath.join(base, raw) if base else raw
            norm = posixpath.normpath(joined) if joined else ""
            if norm == ".":
                norm = ""
            if norm == ".." or norm.startswith("../"):
                return "outside", None, None, parts.query, parts.fragment
            raw_target = (norm + "/" if norm and trailing else norm)
        target = self._lookup(unquote(raw_target))
        return "inside", raw_target, target, parts.query, parts.fragment

    def map(self, url: str, page: str) -> Mapped:
        kind, raw_target, target, query, frag = self.resolve(url, page)
        if kind == "skip":
            return Mapped(url, "skip")
        if kind == "external":
            return Mapped(url, "external")
        if kind == "outside":
            return Mapped(url, "missing")
        if target is None:
            plain = unquote(raw_target or "")
            if plain and self.excluded(plain):
                return Mapped(url, "excluded")
            return Mapped(url, "missing")
        stripped_url = url.strip(_WS)
        if not query and "?" in stripped_url.split("#", 1)[0]:
            query = None  # keep an empty "?" as written
        if not frag and "#" in stripped_url:
            frag = None  # keep an empty "#" as written
        new = self.relative(target, page, raw_target, query, frag)
        # keep the author's spelling when it already reaches the same file
        stripped = url.strip(_WS)
        written = urlsplit(stripped.replace("\\", "/"))
        if not written.scheme and not written.netloc and not stripped.startswith(("/", "\\")):
            if _same_ref(stripped, new):
                return Mapped(url, "internal", target)
            if "\\" not in stripped:
                if raw_target is not None and not raw_target.endswith("/") and unquote(raw_target) == target:
                    return Mapped(url, "internal", target)
                # a folder link: add the index file to what the author wrote
                cut = min([i for i in (stripped.find("?"), stripped.find("#")) if i >= 0], default=len(stripped))
                path, rest = stripped[:cut], stripped[cut:]
                if path:
                    joined = path + ("" if path.endswith("/") else "/") + target.rsplit("/", 1)[-1]
                    if posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(joined))) == target:
                        return Mapped(joined + rest, "internal", target)
        return Mapped(new, "internal", target)

    @staticmethod
    def relative(target: str, page: str, raw_target: str | None, query: str | None, frag: str | None) -> str:
        """Relative URL from ``page`` to ``target``; query/fragment None = present but empty."""
        # keep the percent-encoding the author used when it names the same file
        if raw_target and unquote(raw_target) == target:
            path = raw_target
        elif raw_target and raw_target.endswith("/") and target.startswith(unquote(raw_target)):
            path = raw_target + _quote_min(target[len(unquote(raw_target)):])
        elif not raw_target and target in ("index.html", "index.htm"):
            path = target
        else:
            path = _quote_min(target)
        rel = posixpath.relpath(path, posixpath.dirname(page) or ".")
        out = rel
        if query is None or query:
            out += "?" + (query or "")
        if frag is None or frag:
            out += "#" + (frag or "")
        return out


def _quote_min(path: str) -> str:
    """Quote only what would change a file name's meaning inside a URL."""
    return (path.replace("%", "%25").replace("#", "%23").replace("?", "%3F")
            .replace(" ", "%20").replace('"', "%22"))


def _same_ref(a: str, b: str) -> bool:
    return a == b or a == "./" + b


# --- srcset and CSS ----------------------------------------------------------------------------

def rewrite_srcset(value: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to every URL of a srcset, keeping descriptors and spacing."""
    out: list[str] = []
    i, n = 0, len(value)
    while i < n:
        j = i
        while j < n and (value[j] in _WS or value[j] == ","):
            j += 1
        out.append(value[i:j])
        if j >= n:
            break
        k = j
        while k < n and value[k] not in _WS:
            k += 1
        url = value[j:k]
        trail = ""
        while url.endswith(","):
            url = url[:-1]
            trail += ","
        out.append(fn(url) + trail)
        i = k
        if trail:
            continue
        # descriptors up to the next comma (outside parentheses)
        depth = 0
        m = i
        while m < n:
            ch = value[m]
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
            elif ch == "," and depth == 0:
                break
            m += 1
        out.append(value[i:m])
        i = m
    return "".join(out)


_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)


def iter_css_urls(css: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, url) of every url(...) and @import "..." in a stylesheet."""
    for rx in (_CSS_URL, _CSS_IMPORT):
        for m in rx.finditer(css):
            for g in (1, 2, 3):
                if m.lastindex and m.group(g) is not None and g <= (m.re.groups):
                    yield m.start(g), m.end(g), m.group(g)
                    break


def rewrite_css(css: str, fn: Callable[[str], str]) -> str:
    edits = []
    for s, e, url in iter_css_urls(css):
        new = fn(url)
        if new != url:
            edits.append(Edit(s, e, new))
    return apply_edits(css, edits) if edits else css


# --- which attributes hold URLs ----------------------------------------------------------------

URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",), "area": ("href",), "link": ("href",), "base": ("href",),
    "img": ("src", "lowsrc", "longdesc"), "script": ("src",), "iframe": ("src",), "frame": ("src", "longdesc"),
    "embed": ("src",), "source": ("src",), "track": ("src",), "audio": ("src",),
    "video": ("src", "poster"), "input": ("src",), "object": ("data",),
    "body": ("background",), "table": ("background",), "td": ("background",), "th": ("background",),
    "blockquote": ("cite",), "q": ("cite",), "ins": ("cite",), "del": ("cite",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
SRCSET_ATTRS: dict[str, tuple[str, ...]] = {"img": ("srcset",), "source": ("srcset",)}
NAVIGATION = {("a", "href"), ("area", "href")}


@dataclass
class Ref:
    """One URL reference found on a page."""
    page: str
    tag: str
    attr: str  # attribute name, "style" for style attributes, "#style" for <style> text
    url: str
    in_banner: bool = False  # the archive banner's link to the live site


@dataclass
class Result:
    html: str
    refs: list[tuple[Ref, Mapped]] = field(default_factory=list)
    normalized: bool = False  # the page had to be re-serialized by the parser

    @property
    def unresolved(self) -> list[Ref]:
        return [r for r, m in self.refs if m.status == "missing"]


def dom_facts(tree: LexborHTMLParser) -> tuple[set[tuple[str, str, str]], set[str]]:
    """What the real parser sees: (tag, attr, value) for every attribute that may
    carry a URL or CSS, and the text of every <style> element."""
    facts: set[tuple[str, str, str]] = set()
    styles: set[str] = set()
    root = tree.root
    if root is None:
        return facts, styles
    wanted = set()
    for t, names in URL_ATTRS.items():
        wanted.update(names)
    for names in SRCSET_ATTRS.values():
        wanted.update(names)
    wanted.update(("style", "http-equiv", "content", "name", "charset", "id", "class"))
    for node in root.traverse(include_text=False):
        tag = node.tag
        if not tag or tag.startswith("-"):
            continue
        attrs = node.attributes
        for k, v in attrs.items():
            if k in wanted:
                facts.add((tag, k, v if v is not None else ""))
        if tag == "style":
            styles.add(node.text(deep=True))
    return facts, styles


_REFRESH_HEAD_RE = re.compile(r"[ \t\r\n]{0,64}\d{0,16}(?:\.\d{0,16})?[ \t\r\n]{0,64}[;,]?[ \t\r\n]{0,64}"
                              r"(?:url[ \t\r\n]{0,16}=[ \t\r\n]{0,16})?", re.I)


def _meta_refresh_url(content: str) -> tuple[int, int] | None:
    """Span of the URL in ``<meta http-equiv=refresh content="5; url='x'">`` (linear time)."""
    if not re.search(r"url[ \t\r\n]{0,16}=|[;,]", content, re.I):
        return None
    m = _REFRESH_HEAD_RE.match(content)
    start = m.end() if m else 0
    end = len(content.rstrip())
    if start < end and content[start] in "'\"":
        quote = content[start]
        start += 1
        if end > start and content[end - 1] == quote:
            end -= 1
    if start >= end:
        return None
    return start, end


# inject(src, tokens, tree, attempt) → edits, or None when attempt ``attempt`` has no place
Injector = Callable[[str, list[Tag], LexborHTMLParser, int], "list[Edit] | None"]
INJECT_ATTEMPTS = 2


def transform_html(src: str, page: str, mapper: LinkMapper | None,
                   inject: Injector | None = None,
                   validate: Callable[[str], bool] | None = None) -> Result:
    """Rewrite every URL reference of ``src`` through ``mapper`` and apply the
    extra edits of ``inject`` (banner, meta tags).

    ``inject`` is tried at each of its placements (``attempt`` 0, 1, …) until
    ``validate`` accepts the parsed result — the parser, not the source text,
    decides where an element ends up (an ``<input>`` in ``<head>`` opens the body
    early, say). If no placement works on the original source, the page is
    normalized by the parser (re-serialized) and edited again."""
    res = _transform(src, page, mapper, inject, validate)
    if res is not None:
        return res
    normalized = LexborHTMLParser(src).html or ""
    res = _transform(normalized, page, mapper, inject, validate)
    if res is None:
        raise ValueError(f"{page}: 无法定位插入位置")
    res.normalized = True
    return res


def _transform(src: str, page: str, mapper: LinkMapper | None, inject: Injector | None,
               validate: Callable[[str], bool] | None = None) -> Result | None:
    tree = LexborHTMLParser(src)
    facts, styles = dom_facts(tree)
    tokens = [t for t in iter_tokens(src)]
    edits: list[Edit] = []
    refs: list[tuple[Ref, Mapped]] = []

    # <base href>: relative URLs resolve against it, not against the page
    base_tag = next((t for t in tokens if t.name == "base" and not t.end_tag and t.attr("href")
                     and ("base", "href", t.get("href")) in facts), None)
    base_prefix: str | None = None  # root-absolute directory the base points into
    base_external = False
    if base_tag is not None and mapper is not None:
        kind, raw_target, _t, _q, _f = mapper.resolve(base_tag.get("href") or "", page)
        if kind == "inside" and raw_target is not None:
            base_prefix = "/" + (raw_target if raw_target.endswith("/") or not raw_target
                                 else posixpath.dirname(raw_target) + "/").lstrip("/")
        elif kind == "external":
            base_external = True

    def map_(url: str) -> Mapped:
        if base_prefix is not None or base_external:
            parts = urlsplit(url.strip(_WS))
            relative = not parts.scheme and not parts.netloc and not url.strip(_WS).startswith(("/", "#"))
            if relative and base_external:
                return Mapped(url, "external")
            if relative and base_prefix is not None and not url.strip(_WS).lower().startswith(SKIP_SCHEMES):
                m = mapper.map(base_prefix + url.strip(_WS), page)
                return m if m.status == "internal" else Mapped(url, m.status, m.target)
        return mapper.map(url, page)

    def do(url: str, tag: str, attr: str) -> str:
        m = map_(url)
        refs.append((Ref(page, tag, attr, url), m))
        return m.url

    if mapper is not None:
        for t in tokens:
            if t.end_tag:
                continue
            if t is base_tag and base_prefix is not None:
                a = t.attr("href")
                edits.append(Edit(a.start, a.end, f'data-archive-href="{encode_attr(a.value)}"'))
                continue
            if t.name == "base":
                continue
            for a in t.attrs:
                if a.duplicate or a.value_start is None:
                    continue
                name = a.name
                is_url = name in URL_ATTRS.get(t.name, ()) or (name == "formaction")
                is_srcset = name in SRCSET_ATTRS.get(t.name, ())
                is_style = name == "style"
                is_refresh = (t.name == "meta" and name == "content"
                              and (t.get("http-equiv") or "").lower() == "refresh")
                if not (is_url or is_srcset or is_style or is_refresh):
                    continue
                value = a.value
                if (t.name, name, value) not in facts:
                    continue  # not an attribute in the parsed document (e.g. inside <template>)
                if is_url:
                    if (t.name, name) in NAVIGATION:
                        m = map_(value)
                        refs.append((Ref(page, t.name, name, value), m))
                        if m.status == "excluded":
                            edits.append(Edit(a.start, a.end,
                                              f'data-archive-href="{encode_attr(value)}"'))
                            continue
                        new = m.url
                    else:
                        new = do(value, t.name, name)
                elif is_srcset:
                    new = rewrite_srcset(value, lambda u: do(u, t.name, name))
                elif is_style:
                    new = rewrite_css(value, lambda u: do(u, t.name, "style"))
                else:
                    span = _meta_refresh_url(value)
                    if not span:
                        continue
                    s, e = span
                    new = value[:s] + do(value[s:e], "meta", "content") + value[e:]
                if new != value:
                    edits.append(attr_edit(a, new))
            if t.name == "style" and t.text_end is not None:
                text = src[t.end:t.text_end]
                if text in styles:
                    new_text = rewrite_css(text, lambda u: do(u, "style", "#style"))
                    if new_text != text:
                        edits.append(Edit(t.end, t.text_end, new_text))

    if inject is None:
        return Result(apply_edits(src, edits) if edits else src, refs)
    for attempt in range(INJECT_ATTEMPTS):
        extra = inject(src, tokens, tree, attempt)
        if extra is None:
            continue
        out = apply_edits(src, edits + extra)
        if validate is None or validate(out):
            return Result(out, refs)
    return None


def rewrite_css_file(css: str, page: str, mapper: LinkMapper) -> Result:
    refs: list[tuple[Ref, Mapped]] = []

    def do(url: str) -> str:
        m = mapper.map(url, page)
        refs.append((Ref(page, "css", "url", url), m))
        return m.url

    return Result(rewrite_css(css, do), refs)


# --- link extraction (verify, tests) ---------------------------------------------------------

def extract_refs(src: str | LexborHTMLParser, page: str) -> list[Ref]:
    """Every URL reference of a page as the parser sees it (for checking links).
    A ``<base href>`` is returned too (tag "base")."""
    tree = src if isinstance(src, LexborHTMLParser) else LexborHTMLParser(src)
    refs: list[Ref] = []
    if tree.root is None:
        return refs
    for node in tree.root.traverse(include_text=False):
        tag = node.tag
        if not tag or tag.startswith("-"):
            continue
        attrs = node.attributes
        for name in URL_ATTRS.get(tag, ()):
            v = attrs.get(name)
            if v is not None:
                live = (tag == "a" and "archive-live" in (attrs.get("class") or "").split()
                        and node.parent is not None
                        and "archive-banner" in (node.parent.attributes.get("class") or "").split())
                refs.append(Ref(page, tag, name, v, in_banner=live))
        for name in SRCSET_ATTRS.get(tag, ()):
            v = attrs.get(name)
            if v:
                rewrite_srcset(v, lambda u: refs.append(Ref(page, tag, name, u)) or u)
        st = attrs.get("style")
        if st:
            for _s, _e, u in iter_css_urls(st):
                refs.append(Ref(page, tag, "style", u))
        if tag == "style":
            for _s, _e, u in iter_css_urls(node.text(deep=True)):
                refs.append(Ref(page, "style", "#style", u))
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            c = attrs.get("content") or ""
            span = _meta_refresh_url(c)
            if span:
                refs.append(Ref(page, "meta", "content", c[span[0]:span[1]]))
    return refs
