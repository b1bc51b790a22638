"""SVC: service guides (办事指南) — the ten elements, plain wording, material formats, forms.

A guide is a content page of a ``service`` column (CONTRACT §2); on pages built
elsewhere (no site.toml, or a column the site does not declare) a content page
whose body has at least three of the ten elements is treated as a guide. The
elements are found by ``lint.guide`` in ``##`` sections, two-column table rows
(the theme's 办事指南 table, 宝鸡 第十四条(二)) or ``**标签：**`` lead-ins, with
the synonyms inspectors accept. SVC005 (设定依据 linked to the policy) lives with
the policy rules.
"""

from __future__ import annotations

import re

from lint import guide
from lint.model import ERROR, WARNING
from lint.registry import rule

SRC_ELEMENTS = ("宿迁市政府网站管理办法（宿政办发〔2021〕15号）第十五条、附件1 办事指南; "
                "国办秘函〔2019〕19号 服务不实用")
SRC_VAGUE = "宿迁市政府网站管理办法（宿政办发〔2021〕15号）附件1 办事指南 4（表述含糊不清）"
SRC_FORMAT = "宿迁市政府网站管理办法（宿政办发〔2021〕15号）第十五条、附件1 办事指南 3（办理材料格式要求）"
SRC_FORMS = "宿迁市政府网站管理办法（宿政办发〔2021〕15号）第十五条、附件1 表格样表"

# Catch-all wording (宿迁 附件1 办事指南 4: 如“根据有关法律法规规定应提交的其他材料”). Linear: every
# repetition is bounded and no quantified group contains another quantifier.
VAGUE_RE = re.compile(
    r"(?:根据|依据|按照)?(?:相关|有关)?法律法?规[^。；;\n]{0,30}?(?:提交|提供)的其[他它]材料"
    r"|其[他它](?:相关|有关)?材料"
    r"|(?:有关|相关)部门"
    r"|(?:有关|相关)规定"
)
ORIGINAL_RE = re.compile(r"原件|复印件|影印件|复制件|副本|正本|原本")
MEDIUM_RE = re.compile(r"纸质|纸本|书面|电子|扫描件|PDF|pdf|在线上传|网上提交")
COPIES_RE = re.compile(r"[0-9０-９一二两三四五六七八九十]{1,3}\s?份|份数")
NOTHING_RE = re.compile(r"^\s*(?:无|不需要|无需|免于提交)[。.\s]*$|无需提交")
FORM_RE = re.compile(r"《([^《》]{1,40}?(?:表|申请书|承诺书))》|(?:申请|登记|申报|审批|备案)表|申请书")
NO_FORM_RE = re.compile(r"无需|不需|免于?提交|免填")


def guide_sections(page):
    """The guide sections of a page (cached on the page), or None when it is not a guide."""
    cached = page.__dict__.get("_svc_guide", False)
    if cached is not False:
        return cached
    result = None
    if page.type == "content":
        root = page.content_root
        if root is None and page.template is None:
            root = page.css_first("main") or page.body
        column_id = page.column or (page.path.split("/", 1)[0] if "/" in page.path else None)
        column = page.site.column(column_id) if page.site is not None and column_id else None
        if root is not None and (column is None or column.kind == "service"):
            sections = guide.parse(root)
            if column is not None or guide.is_guide(sections):
                result = sections
    page.__dict__["_svc_guide"] = result
    return result


def _root(page):
    return page.content_root or page.css_first("main") or page.body


def _title(page) -> str:
    h1 = page.css_first("h1")
    return h1.text(strip=True) if h1 is not None else (page.meta("ArticleTitle") or "")


def _material_items(page) -> list[tuple[object, str]]:
    """The items of a 办事指南's 办理材料 element, each with its whitespace-collapsed text
    (none when the page is not a guide or has no such element)."""
    sections = guide_sections(page)
    if sections is None:
        return []
    materials = guide.elements(sections).get("办理材料")
    if materials is None:
        return []
    return [(item, re.sub(r"\s+", " ", item.text(separator=" ")).strip()) for item in materials.items()]


def _item_label(text: str) -> str:
    label = re.split(r"[:：]", text, maxsplit=1)[0].strip()
    return (label[:24] + "…") if len(label) > 24 else label


@rule(id="SVC001", title="办事指南要素齐全", severity=ERROR, tags=("svc", "service"), source=SRC_ELEMENTS)
def ten_elements(page, ctx):
    """## What it does
    On every 办事指南 (a content page of a ``service`` column), checks the ten elements of 宿迁
    第十五条: 事项名称、设定依据、申请条件、办理材料、办理地点、办理机构、收费标准、办理时间、联系电话、
    办理流程. An element is found as a ``##``/``###`` heading, as the first cell of a two-column table
    row, or as a ``**标签：**`` lead-in; leading numbers (一、, 1.) and a trailing colon are ignored, and
    the synonyms inspectors accept count — e.g. 受理条件/办理条件 for 申请条件, 申报材料/申请材料 for
    办理材料, 受理地点 for 办理地点, 实施机构/受理机构 for 办理机构, 办理时限/承诺时限/受理时间 for
    办理时间, 咨询电话/咨询方式 for 联系电话, 办事流程/办理程序 for 办理流程 (full list in
    ``lint/guide.py``). Each missing element, and each element present with no content, is one
    finding.

    ## Why it matters
    宿迁 附件1 办事指南 deducts 0.5 points for every missing key element of a sampled guide, and 19号文
    counts incomplete guides as 服务不实用. A citizen who cannot find the fee, the office or the phone
    number makes an extra trip.

    ## Example
    ```markdown
    ## 事项名称
    公共租赁住房申请
    ## 受理条件
    …
    （no 收费标准 section）      → SVC001: 办事指南缺少要素“收费标准”
    ```
    Use instead: add ``## 收费标准`` with e.g. ``不收费。``
    """
    sections = guide_sections(page)
    if sections is None:
        return
    found = guide.elements(sections)
    root = _root(page)
    title = _title(page)
    for name in guide.ELEMENTS:
        section = found.get(name)
        if section is None:
            yield page.hit(root, f"办事指南缺少要素“{name}”", anchor=title, element=name, problem="missing")
        elif not section.text:
            node = section.label_node if section.label_node is not None else root
            yield page.hit(node, f"办事指南要素“{name}”（写作“{section.label}”）没有内容",
                           anchor=section.label or name, element=name, problem="empty")


@rule(id="SVC002", title="办事指南不使用兜底性表述", severity=ERROR, tags=("svc", "service"), source=SRC_VAGUE)
def vague_wording(page, ctx):
    """## What it does
    Reports catch-all wording in a 办事指南: “其他材料/其它材料”, “根据（相关/有关）法律法规……提交的
    其他材料”, “有关部门”, “相关部门”, “有关规定”, “相关规定”. Each occurrence is reported at the line
    that holds it.

    ## Why it matters
    宿迁 附件1 办事指南 4 deducts 2 points for every guide with vague wording (如“根据有关法律法规规定应提交
    的其他材料”): the applicant cannot know what to bring, and the office keeps discretion the
    guide is meant to remove.

    ## Example
    ```markdown
    4. 根据有关法律法规规定应当提交的其他材料
    ```
    Use instead: name every material, the department and the regulation (《江南市公共租赁住房管理办法》第四条).
    """
    sections = guide_sections(page)
    if sections is None:
        return
    for node, text in guide.text_blocks(_root(page)):
        for m in VAGUE_RE.finditer(text):
            yield page.hit(node, f"办事指南使用了兜底性、含糊的表述“{m.group(0)}”，应写明具体材料、部门或规定",
                           anchor=guide.anchor_text(text, m.start()), wording=m.group(0))


@rule(id="SVC003", title="办理材料写明原件/复印件、纸质/电子和份数", severity=WARNING, tags=("svc", "service"),
      source=SRC_FORMAT)
def material_format(page, ctx):
    """## What it does
    For every item of the 办理材料 element of a 办事指南 (list items, table rows, or paragraphs), checks
    that it states whether the original or a copy is needed (原件/复印件), in which medium (纸质/电子,
    扫描件) and how many (份数, e.g. 1份). An item saying no material is needed (无) is skipped. One finding
    per item, naming what is missing.

    ## Why it matters
    宿迁 第十五条 asks guides to state each material's 格式、份数; 宿迁 附件1 办事指南 3 deducts 1 point
    for every guide whose materials do not say 原件/复印件、纸质版/电子版、份数.

    ## Example
    ```markdown
    ## 办理材料
    1. 居民身份证
    ```
    Use instead: ``1. 居民身份证：复印件1份（纸质），现场核验原件``.
    """
    for item, text in _material_items(page):
        if not text or NOTHING_RE.search(text):
            continue
        missing = [label for label, regex in (("原件/复印件", ORIGINAL_RE), ("纸质/电子", MEDIUM_RE),
                                               ("份数", COPIES_RE)) if not regex.search(text)]
        if missing:
            yield page.hit(item, f"办理材料“{_item_label(text)}”未写明{'、'.join(missing)}",
                           anchor=guide.anchor_text(text), missing=missing)


@rule(id="SVC004", title="办事指南要求的申请表提供下载", severity=WARNING, tags=("svc", "service", "links"),
      source=SRC_FORMS)
def forms_linked(page, ctx):
    """## What it does
    In the 办理材料 element of a 办事指南, finds every item that asks for a form — a 申请表, 申请书,
    登记表, 申报表, 审批表, 备案表 or any 《…表》/《…申请书》/《…承诺书》 — and checks that the form can be
    obtained: the item links it, or the guide links a file whose link text names the form. An item
    saying the form is not needed (无需/不需/免于提交) is skipped.

    ## Why it matters
    宿迁 第十五条 asks for 规范表格、填写说明和示范文本; 宿迁 附件1 表格样表 deducts a point for every guide
    that asks for an application form but gives no way to get it.

    ## Example
    ```markdown
    1. 《公共租赁住房申请表》：原件1份（纸质）
    ```
    Use instead: ``1. 《公共租赁住房申请表》：原件1份（纸质），[表格下载]({static}/files/gzf-sqb.docx)``.
    """
    items = _material_items(page)
    if not items:
        return
    root = _root(page)
    link_texts = [a.text(strip=True) for a in root.css("a[href]")] if root is not None else []
    for item, text in items:
        m = FORM_RE.search(text)
        if m is None or NO_FORM_RE.search(text):
            continue
        if item.css_first("a[href]") is not None:
            continue
        name = m.group(1) or m.group(0)
        if m.group(1) and any(name in t for t in link_texts):
            continue
        yield page.hit(item, f"办理材料要求提供“{m.group(0)}”，但未提供表格下载或获取渠道",
                       anchor=guide.anchor_text(text, m.start()), form=name)
