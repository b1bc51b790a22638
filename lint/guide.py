"""The structure of a 办事指南 (service guide): its ten elements, the synonyms inspectors
accept for them, and a parser shared by the SVC rules and the ``gov_service`` plugin.

宿迁 第十五条 and 附件1 办事指南 list ten elements — 事项名称、设定依据、申请条件、办理材料、
办理地点、办理机构、收费标准、办理时间、联系电话、办理流程; 宝鸡 第十四条(二) wants them shown
as a table. Editors write them as ``##`` headings, as rows of a two-column table, or as
``**事项名称：**`` lead-ins; a section may use an accepted synonym (受理条件, 申报材料,
咨询电话, 办理时限 …). :func:`parse` finds the sections of any of these forms in a
parsed HTML fragment (selectolax/lexbor node) and maps each label to its canonical name.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

ELEMENTS = ("事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理机构", "收费标准", "办理时间",
            "联系电话", "办理流程")

# canonical element -> labels inspectors accept for it (the canonical name first)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "事项名称": ("事项名称", "服务事项名称", "服务事项", "办理事项", "审批事项", "事项名", "服务名称", "项目名称"),
    "设定依据": ("设定依据", "办理依据", "法律依据", "实施依据", "政策依据", "受理依据", "法定依据", "依据"),
    "申请条件": ("申请条件", "受理条件", "办理条件", "申报条件", "申办条件", "准予许可的条件", "许可条件",
                 "受理标准", "申请人条件"),
    "办理材料": ("办理材料", "申请材料", "申报材料", "所需材料", "提交材料", "需提交材料", "申请材料目录",
                 "材料清单", "申请资料", "办事材料", "应提交材料"),
    "办理地点": ("办理地点", "受理地点", "办事地点", "办理地址", "受理地址", "窗口地址", "服务地点", "办理窗口"),
    "办理机构": ("办理机构", "受理机构", "实施机构", "办理部门", "受理部门", "实施主体", "决定机构", "承办机构",
                 "受理单位", "办理单位", "实施部门"),
    "收费标准": ("收费标准", "收费依据及标准", "收费依据和标准", "收费情况", "是否收费", "收费项目及标准", "收费"),
    "办理时间": ("办理时间", "受理时间", "办公时间", "工作时间", "办理时限", "承诺时限", "法定时限",
                 "办结时限", "承诺办结时限", "办理期限", "受理时间及时限"),
    "联系电话": ("联系电话", "咨询电话", "咨询方式", "联系方式", "咨询电话及监督电话", "咨询及投诉电话",
                 "咨询投诉电话"),
    "办理流程": ("办理流程", "办事流程", "办理程序", "审批流程", "申办流程", "受理流程", "办理步骤", "办理环节",
                 "流程"),
}
_LABELS = sorted(((syn, canon) for canon, syns in SYNONYMS.items() for syn in syns), key=lambda x: -len(x[0]))
NUMBERING_RE = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）]?\s*[、.．:：]?\s*)")
HEADINGS = ("h2", "h3", "h4")
MIN_ELEMENTS = 3  # fewer recognised elements: the article is not a guide


def normalise(label: str) -> str:
    label = re.sub(r"\s+", "", (label or "")[:200])
    label = NUMBERING_RE.sub("", label, count=1)
    return label.rstrip(":：")


def canonical(label: str) -> str | None:
    """The canonical element for a heading or row label, or None. A label matches a
    synonym exactly or starts with it followed by a bracket or a connective (办理材料（原件）,
    收费标准及依据)."""
    text = normalise(label)
    if not text or len(text) > 20:
        return None
    for syn, canon in _LABELS:
        if text == syn:
            return canon
    for syn, canon in _LABELS:
        if len(syn) >= 3 and text.startswith(syn) and text[len(syn)] in "（(及和与、/":
            return canon
    return None


@dataclass
class Section:
    """One element of a guide as written: its label, canonical name (None for an extra
    section such as 注意事项), the heading/label node and the content nodes."""

    label: str
    element: str | None
    label_node: object
    nodes: list = field(default_factory=list)
    lead_in: str = ""  # for ``**标签：**内容`` paragraphs: the label text to drop from the content
    form: str = "heading"  # heading | table | lead-in | free (text outside any element)

    @property
    def text(self) -> str:
        parts = [(n.text_content or "") if n.tag == "-text" else n.text(separator=" ")
                 for n in self.nodes if n.tag == "-text" or not (n.tag or "-").startswith("-")]
        text = " ".join(p.strip() for p in parts if p and p.strip())
        text = re.sub(r"\s+", " ", text).strip()
        if self.lead_in and text.startswith(self.lead_in):
            text = text[len(self.lead_in):].lstrip(" :：")
        return text.strip()

    @property
    def html(self) -> str:
        out = []
        for i, n in enumerate(self.nodes):
            if n.tag != "-text" and (n.tag or "-").startswith("-"):
                continue  # comments
            if self.form == "table":
                out.append(n.inner_html or "")
            elif self.form == "lead-in" and i == 0:
                html = n.inner_html or ""
                label_html = self.label_node.html or ""
                if label_html and label_html in html:
                    html = html.replace(label_html, "", 1)
                out.append(re.sub(r"^\s*[:：]\s*", "", html))
            else:
                out.append(n.html or "")
        return "\n".join(h for h in out if h.strip())

    def items(self) -> list:
        """The material items of this section: list items, else table rows (not the
        header row), else paragraphs, else the section itself."""
        found = []
        for n in self.nodes:
            if n.tag in ("ul", "ol"):
                found += [li for li in n.css("li") if _top_li(li, n)]
            elif n.tag == "li":
                found.append(n)
        if found:
            return found
        for n in self.nodes:
            if n.tag == "table":
                rows = n.css("tr")
                found += [tr for tr in rows if not tr.css_first("th") or tr.css_first("td")][
                    1 if rows and rows[0].css_first("th") and not rows[0].css_first("td") else 0:]
            elif n.tag in ("td", "th"):
                found += n.css("li") or n.css("p") or [n]
        if found:
            return found
        return [n for n in self.nodes if n.tag in ("p", "div", "dd")] or list(self.nodes)


def _top_li(li, lst) -> bool:
    parent = li.parent
    while parent is not None and parent.tag not in ("ul", "ol"):
        parent = parent.parent
    return parent is not None and parent.mem_id == lst.mem_id


def _heading_level(node) -> int | None:
    tag = node.tag or ""
    return int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else None


def _table_sections(table) -> list[Section]:
    out = []
    for tr in table.css("tr"):
        cells = [c for c in tr.iter() if c.tag in ("th", "td")]
        if len(cells) < 2:
            continue
        canon = canonical(cells[0].text(strip=True))
        if canon:
            out.append(Section(cells[0].text(strip=True), canon, cells[0], cells[1:], form="table"))
    return out


def _lead_in(node) -> Section | None:
    first = next((c for c in node.iter() if c.tag in ("strong", "b")), None)
    if first is None:
        return None
    label = first.text(strip=True)
    text = node.text(strip=True)
    if not text.startswith(label):
        return None
    canon = canonical(label)
    if canon is None:
        return None
    return Section(normalise(label), canon, first, [node], lead_in=label, form="lead-in")


def parse(root) -> list[Section]:
    """Sections of the guide under ``root`` (a lexbor node), in document order."""
    if root is None:
        return []
    sections: list[Section] = []
    current: Section | None = None
    level = None
    for node in root.iter(include_text=True):
        tag = node.tag or ""
        lvl = _heading_level(node)
        if lvl is not None and tag in HEADINGS:
            canon = canonical(node.text(strip=True))
            if canon or current is None or current.form != "heading" or (level is not None and lvl <= level):
                current = Section(normalise(node.text(strip=True)), canon, node, form="heading")
                level = lvl
                sections.append(current)
                continue
        if tag == "table":
            rows = _table_sections(node)
            if len(rows) >= 2 or (rows and current is None):
                sections.extend(rows)
                current, level = None, None
                continue
        if tag in ("p", "div") and (current is None or current.element is None or current.form == "lead-in"):
            lead = _lead_in(node)
            if lead is not None:
                sections.append(lead)
                current, level = lead, None
                continue
        if tag == "dl":
            pairs = []
            for dt in node.css("dt"):
                canon = canonical(dt.text(strip=True))
                dd = dt.next
                while dd is not None and dd.tag != "dd":
                    dd = dd.next
                if canon and dd is not None:
                    pairs.append(Section(dt.text(strip=True), canon, dt, [dd], form="table"))
            if pairs:
                sections.extend(pairs)
                current, level = None, None
                continue
        if tag == "-text" and not (node.text_content or "").strip():
            continue
        if current is not None and current.form in ("heading", "lead-in"):
            current.nodes.append(node)
        elif sections and sections[-1].form == "free":
            sections[-1].nodes.append(node)
        else:
            sections.append(Section("", None, None, [node], form="free"))
    return sections


def elements(sections: list[Section]) -> dict[str, Section]:
    """First section of each canonical element."""
    out: dict[str, Section] = {}
    for s in sections:
        if s.element and s.element not in out:
            out[s.element] = s
    return out


def is_guide(sections: list[Section]) -> bool:
    return len(elements(sections)) >= MIN_ELEMENTS


# --- text blocks (shared with the CNT rules) ---------------------------------------------------

BLOCK_TAGS = frozenset({"p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                        "caption", "pre", "div", "section", "article", "ul", "ol", "table", "tbody", "thead",
                        "tfoot", "tr", "dl", "figure", "figcaption", "main", "header", "footer", "nav", "aside",
                        "form", "fieldset", "legend", "address", "details", "summary"})
SKIP_TAGS = frozenset({"script", "style", "template", "noscript"})


def own_text(node) -> str:
    """The text of ``node`` outside its block descendants (inline markup is followed)."""
    parts: list[str] = []
    stack = [node]
    # iterative pre-order walk over inline children, so deep nesting cannot overflow
    order = []
    while stack:
        cur = stack.pop()
        order.append(cur)
        if cur is not node and (cur.tag in BLOCK_TAGS or cur.tag in SKIP_TAGS):
            continue
        if cur.tag == "-text":
            continue
        children = list(cur.iter(include_text=True))
        stack.extend(reversed(children))
    for cur in order:
        if cur.tag == "-text":
            parts.append(cur.text_content or "")
        elif cur.tag == "br" or (cur is not node and cur.tag in BLOCK_TAGS):
            parts.append("\n")
    return "".join(parts)


def text_blocks(root):
    """(node, own text) for ``root`` and every block element under it, in document order;
    each piece of text belongs to exactly one block, the innermost."""
    if root is None:
        return
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag in SKIP_TAGS:
            continue
        text = own_text(node)
        if text.strip():
            yield node, text
        blocks = []
        inline = deque(node.iter(include_text=False))
        while inline:
            c = inline.popleft()
            if c.tag in BLOCK_TAGS:
                blocks.append(c)
            elif c.tag not in SKIP_TAGS:
                inline.extendleft(reversed(list(c.iter(include_text=False))))
        stack.extend(reversed(blocks))


ANCHOR_SPLIT_RE = re.compile(r"[*_`\[\]()<>#|\\\n]+")


def anchor_text(text: str, at: int = 0, limit: int = 30) -> str:
    """A piece of ``text`` likely to appear verbatim in the Markdown source (no Markdown
    syntax characters), preferring the piece around position ``at``."""
    pieces = []
    pos = 0
    for piece in ANCHOR_SPLIT_RE.split(text):
        start = text.find(piece, pos)
        pos = start + len(piece)
        if len(piece.strip()) >= 2:
            pieces.append((start, piece.strip()))
    if not pieces:
        return text.strip()[:limit]
    for start, piece in pieces:
        if start <= at < start + len(piece) + 1:
            return piece[:limit]
    return max(pieces, key=lambda p: len(p[1]))[1][:limit]
