"""Article metadata: the known keys, a fast header scanner and date parsing.

The scanner reads only what the build needs before Pelican runs (the
``Key: value`` block at the top of each Markdown file, plus the links of the
body), so every metadata problem of the whole platform is reported in one
pass, each with file, line, key and the expected form (CONTRACT §2).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

# key (lower-case, as Pelican stores it) -> the spelling editors write
KNOWN_KEYS = {
    "title": "Title", "date": "Date", "modified": "Modified", "source": "Source", "author": "Author",
    "keywords": "Keywords", "summary": "Summary", "editor": "Editor", "reviewer": "Reviewer",
    "approver": "Approver", "docnumber": "DocNumber", "interprets": "Interprets",
    "interpretationform": "InterpretationForm", "needsinterpretation": "NeedsInterpretation",
    "validity": "Validity", "supersededby": "SupersededBy", "archived": "Archived", "asked": "Asked",
    "answered": "Answered", "answeredby": "AnsweredBy", "slug": "Slug", "lintignore": "LintIgnore",
    "status": "Status", "image": "Image", "tags": "Tags",
}
VALIDITY_VALUES = ("有效", "已修改", "已废止", "已失效")
INTERPRETATION_FORMS = ("文字解读", "图解", "音视频", "新闻发布会", "专家解读")
SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DATETIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")
HEADER_LINE_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$")
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

DATE_FORM = "YYYY-MM-DD HH:MM（北京时间，24 小时制），或 YYYY-MM-DD"
DAY_FORM = "YYYY-MM-DD"


def parse_datetime(value: str) -> datetime | None:
    """``YYYY-MM-DD[ HH:MM]`` → naive Beijing-time datetime, or None."""
    m = DATETIME_RE.match(value.strip())
    if not m:
        return None
    y, mo, d, h, mi = m.groups()
    try:
        return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0))
    except ValueError:
        return None


def parse_day(value: str) -> date | None:
    value = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    dt = parse_datetime(value)
    return dt.date() if dt else None


def suggest_key(key: str) -> str | None:
    close = difflib.get_close_matches(key.lower(), list(KNOWN_KEYS), n=1, cutoff=0.7)
    return KNOWN_KEYS[close[0]] if close else None


@dataclass
class Header:
    """The metadata block of one Markdown file."""

    values: dict[str, str] = field(default_factory=dict)  # lower-case key -> value
    lines: dict[str, int] = field(default_factory=dict)  # lower-case key -> line number
    spelled: dict[str, str] = field(default_factory=dict)  # lower-case key -> key as written
    body_start: int = 1  # first line of the body
    body: str = ""

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key.lower(), default)

    def line(self, key: str) -> int | None:
        return self.lines.get(key.lower())


class DecodeProblem(Exception):
    def __init__(self, message: str, expected: str):
        super().__init__(message)
        self.message = message
        self.expected = expected


def guess_encoding(raw: bytes) -> str:
    for enc in ("gb18030", "big5", "utf-16"):
        try:
            raw.decode(enc)
            return {"gb18030": "GBK/GB18030", "big5": "Big5", "utf-16": "UTF-16"}[enc]
        except UnicodeDecodeError:
            continue
    return "未知编码"


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is accepted and dropped) or a DecodeProblem naming the encoding."""
    if not raw.strip():
        raise DecodeProblem("文件为空", "以 Title:、Date: 等元数据开头的 Markdown 文件")
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        raise DecodeProblem("文件是 UTF-16 编码", "UTF-8 编码（请另存为 UTF-8）")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DecodeProblem(f"文件不是 UTF-8 编码（第 {line} 行起，看起来是 {guess_encoding(raw)}）",
                            "UTF-8 编码（请另存为 UTF-8）") from None
    if "\x00" in text:
        raise DecodeProblem("文件含有 NUL 字符，可能是二进制文件", "UTF-8 文本")
    return text


def parse_header(text: str) -> Header:
    """Pelican's Markdown metadata rules: ``Key: value`` lines at the top, continuation
    lines indented by at least four spaces, ended by the first blank line."""
    header = Header()
    lines = text.splitlines()
    current = None
    i = 0
    for i, line in enumerate(lines):
        if not line.strip():
            break
        m = HEADER_LINE_RE.match(line)
        if m:
            key = m.group(1).lower()
            current = key
            if key in header.values:  # Pelican keeps the first; remember the duplicate line
                header.lines.setdefault(key + "#dup", i + 1)
                continue
            header.values[key] = m.group(2).strip()
            header.lines[key] = i + 1
            header.spelled[key] = m.group(1)
        elif current and line.startswith("    "):
            header.values[current] += " " + line.strip()
        else:
            break  # body starts without a blank line: no more metadata
    else:
        i = len(lines)
    header.body_start = i + 1
    header.body = "\n".join(lines[i:])
    return header


def split_list(value: str) -> list[str]:
    """``a; b；c`` → ['a', 'b', 'c']."""
    return [v.strip() for v in re.split(r"[;；]", value) if v.strip()]
