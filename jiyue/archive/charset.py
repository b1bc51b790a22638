"""Decoding pages and stylesheets of any age: UTF-8 or what they declare
(gb2312 / gbk / gb18030 / big5 …), the way browsers do."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_CSS_CHARSET = re.compile(rb'^@charset\s+"([A-Za-z0-9._:-]+)";')

# labels browsers map to a superset (WHATWG Encoding Standard)
_SUPERSET = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "chinese": "gb18030", "csgb2312": "gb18030", "iso-ir-58": "gb18030", "gb18030": "gb18030",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "x-x-big5": "big5hkscs",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "unicode": "utf-16", "utf8": "utf-8",
}


def normalize_label(label: str) -> str | None:
    label = label.strip().lower()
    label = _SUPERSET.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares: BOM, XML declaration, or <meta> in the first 4 KB."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4096]
    for rx in (_XML_DECL, _META_CHARSET):
        m = rx.search(head)
        if m:
            return normalize_label(m.group(1).decode("ascii", "replace"))
    return None


def decode_html(data: bytes) -> tuple[str, str]:
    """→ (text, encoding used). UTF-8 when it decodes; otherwise the declared
    encoding; otherwise GB18030 (the common legacy encoding of Chinese sites);
    as a last resort the declared/GB18030 decoding with replacement characters."""
    declared = declared_encoding(data)
    if declared in (None, "utf-8"):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    for enc in dict.fromkeys([declared, "gb18030"]):
        if not enc or enc == "utf-8":
            continue
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(declared if declared and declared != "utf-8" else "gb18030", errors="replace"), \
        declared or "gb18030"


def decode_css(data: bytes) -> tuple[str, str]:
    """→ (text, encoding) so that ``text.encode(encoding)`` gives back the bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8"), "utf-8"
    m = _CSS_CHARSET.match(data)
    cands = [normalize_label(m.group(1).decode("ascii")) if m else None, "utf-8", "gb18030", "latin-1"]
    for enc in dict.fromkeys(c for c in cands if c):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if text.encode(enc) == data:
            return text, enc
    return data.decode("latin-1"), "latin-1"
