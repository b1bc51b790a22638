"""Text of published attachments (附件), for the personal-data rules CNT001–CNT003.

The classic leak is a 公示 list published as a spreadsheet with full ID and mobile
numbers. Attachments that carry text are read here, one :class:`Segment` per row,
paragraph or page, so a finding can name the sheet and row (工作表“公示名单”第 3 行),
the table row or paragraph of a Word file, or the page of a PDF:

- ``.txt`` and ``.csv``: UTF-8 (with or without BOM), else GB18030; one segment per line;
- ``.xlsx``: openpyxl, read-only, every sheet including hidden ones, cell values as
  displayed digits (a number cell 13812345678.0 reads ``13812345678``);
- ``.docx``: python-docx, body paragraphs, table rows, headers and footers;
- ``.pdf``: pypdf, text of every page (an encrypted PDF is tried with the empty password).

Legacy binary formats (.doc, .xls, .wps, .et) and images are not read. Limits keep a
hostile file cheap: at most :data:`MAX_BYTES` on disk, :data:`MAX_UNCOMPRESSED` inside a
zip container (.xlsx/.docx), :data:`MAX_PDF_PAGES` pages and :data:`MAX_CHARS` of text;
beyond them the rest is skipped and :attr:`Extraction.truncated` says so.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from lint import pii

EXTENSIONS = (".txt", ".csv", ".xlsx", ".docx", ".pdf")
MAX_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_CHARS = 20_000_000
MAX_PDF_PAGES = 2000
CELL_SEP = "\t"  # never a separator of the grouped number patterns, so cells do not merge


@dataclass(frozen=True)
class Segment:
    where: str  # human-readable place: 第 3 行, 工作表“名单”第 3 行, 第 2 页, 表格 1 第 4 行
    text: str
    line: int | None = None  # line number in a text file (.txt, .csv)


@dataclass
class Extraction:
    segments: list[Segment] = field(default_factory=list)
    error: str | None = None  # why the file could not be read (Chinese)
    truncated: bool = False


def is_attachment(name: str) -> bool:
    return name.lower().endswith(EXTENSIONS)


class _Budget:
    def __init__(self, out: Extraction):
        self.out = out
        self.chars = 0

    def add(self, where: str, text: str, line: int | None = None) -> bool:
        """Keep a segment; False once the text budget is spent."""
        if not text or not text.strip():
            return True
        self.chars += len(text)
        if self.chars > MAX_CHARS:
            self.out.truncated = True
            return False
        self.out.segments.append(Segment(where, text, line))
        return True


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    return str(value)


def _zip_ok(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError):
        return "文件已损坏或不是有效的 Office Open XML 文件"
    if total > MAX_UNCOMPRESSED:
        return f"解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB，未检查"
    return None


def _text(path: Path, budget: _Budget, is_csv: bool) -> None:
    text = _decode(path.read_bytes())
    if is_csv:
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            for row in reader:
                line = reader.line_num
                if not budget.add(f"第 {line} 行", CELL_SEP.join(row), line):
                    return
            return
        except csv.Error:
            pass  # not really CSV: read it as lines
    for n, line in enumerate(text.splitlines(), 1):
        if not budget.add(f"第 {n} 行", line, n):
            return


def _xlsx(path: Path, budget: _Budget) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            hidden = "（隐藏工作表）" if getattr(ws, "sheet_state", "visible") != "visible" else ""
            first = getattr(ws, "min_row", 1) or 1
            for n, row in enumerate(ws.iter_rows(values_only=True), first):
                text = CELL_SEP.join(_cell(v) for v in row)
                if not budget.add(f"工作表“{ws.title}”{hidden}第 {n} 行", text):
                    return
    finally:
        wb.close()


def _docx(path: Path, budget: _Budget) -> None:
    import docx

    document = docx.Document(str(path))
    for n, p in enumerate(document.paragraphs, 1):
        if not budget.add(f"第 {n} 段", p.text):
            return
    for t, table in enumerate(document.tables, 1):
        for r, row in enumerate(table.rows, 1):
            cells = []
            for cell in row.cells:
                if not cells or cell.text != cells[-1]:  # merged cells repeat their text
                    cells.append(cell.text)
            if not budget.add(f"表格 {t} 第 {r} 行", CELL_SEP.join(cells)):
                return
    for s, section in enumerate(document.sections, 1):
        for part, name in ((section.header, "页眉"), (section.footer, "页脚")):
            try:
                text = "\n".join(p.text for p in part.paragraphs)
            except Exception:  # pragma: no cover - odd section parts
                continue
            if not budget.add(f"第 {s} 节{name}", text):
                return


def _pdf(path: Path, budget: _Budget) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            budget.out.error = "PDF 已加密，无法读取文本"
            return
    for n, page in enumerate(reader.pages, 1):
        if n > MAX_PDF_PAGES:
            budget.out.truncated = True
            return
        try:
            text = page.extract_text() or ""
        except Exception:
            continue
        if not budget.add(f"第 {n} 页", text):
            return


def extract(path: Path | str) -> Extraction:
    """The text of one attachment, segment by segment (never raises)."""
    path = Path(path)
    out = Extraction()
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        out.error = "不支持的附件格式"
        return out
    try:
        size = path.stat().st_size
    except OSError as exc:
        out.error = f"无法读取：{exc.strerror}"
        return out
    if size > MAX_BYTES:
        out.error = f"文件超过 {MAX_BYTES // 1024 // 1024} MB，未检查"
        return out
    budget = _Budget(out)
    try:
        if suffix in (".txt", ".csv"):
            _text(path, budget, suffix == ".csv")
        elif suffix in (".xlsx", ".docx"):
            problem = _zip_ok(path)
            if problem:
                out.error = problem
                return out
            (_xlsx if suffix == ".xlsx" else _docx)(path, budget)
        else:
            _pdf(path, budget)
    except Exception as exc:  # a corrupt attachment must not stop the lint run
        out.error = f"无法解析（{exc.__class__.__name__}）"
    return out


@dataclass(frozen=True)
class AttachmentHit:
    match: pii.PiiMatch
    where: str
    line: int | None


@lru_cache(maxsize=512)
def _scan_cached(path: str, mtime_ns: int, size: int,
                 today: date | None) -> tuple[tuple[AttachmentHit, ...], str | None]:
    ext = extract(path)
    hits = []
    for seg in ext.segments:
        for m in pii.scan(seg.text, today=today):
            hits.append(AttachmentHit(m, seg.where, seg.line))
    return tuple(hits), ext.error


def scan_pii(path: Path | str, today: date | None = None) -> tuple[tuple[AttachmentHit, ...], str | None]:
    """Personal data found in an attachment (cached per file version, so CNT001–CNT003
    read each file once): (hits, error)."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        return (), f"无法读取：{exc.strerror}"
    return _scan_cached(str(path), st.st_mtime_ns, st.st_size, today)
