"""Page selection: ``--pages all | home | sample:N``.

``sample:N`` takes N pages per site. First one page of each page type — home, column,
content, sitemap, then any other type (archive, error, ...) — so every template is seen;
then one page per column in turn, round-robin over the columns (stratified by column)
until N are taken. Within a column its articles come before its index and pagination
pages, in an order that spreads any prefix evenly over the sorted list (van der Corput).
The choice is deterministic, so a cached run picks the same pages.
"""

from __future__ import annotations

from .pages import AuditPage


class PagesSpecError(ValueError):
    pass


def parse_spec(spec: str) -> tuple[str, int | None]:
    s = (spec or "all").strip().lower()
    if s in ("all", "home"):
        return s, None
    if s.startswith("sample:"):
        try:
            n = int(s.split(":", 1)[1])
        except ValueError:
            n = 0
        if n >= 1:
            return "sample", n
    raise PagesSpecError(f"错误：--pages 的值 {spec!r} 无效，应为 all、home 或 sample:N（N ≥ 1）")


def _vdc(i: int) -> float:
    """The i-th term of the base-2 van der Corput sequence (0, .5, .25, .75, ...)."""
    x, denom = 0.0, 1.0
    while i:
        denom *= 2
        x += (i & 1) / denom
        i >>= 1
    return x


def spread_order(items: list) -> list:
    """All ``items`` reordered so that every prefix is spread evenly over the list."""
    n = len(items)
    if n <= 2:
        return list(items)
    seen: set[int] = set()
    out = []
    i = 0
    while len(out) < n:
        idx = min(n - 1, int(_vdc(i) * n))
        i += 1
        if idx not in seen:
            seen.add(idx)
            out.append(items[idx])
        if i > 4 * n + 16:  # cannot happen, but never loop forever
            out += [x for j, x in enumerate(items) if j not in seen]
            break
    return out


TYPE_ORDER = ("home", "column", "content", "sitemap")


def sample(pages: list[AuditPage], n: int) -> list[AuditPage]:
    if n >= len(pages):
        return sorted(pages, key=lambda p: p.rel)
    pages = sorted(pages, key=lambda p: p.rel)
    chosen: list[AuditPage] = []
    taken: set[str] = set()

    def take(p: AuditPage) -> None:
        chosen.append(p)
        taken.add(p.rel)

    # 1. one page of each type (every template); for content, an article of the biggest column
    by_col: dict[str | None, list[AuditPage]] = {}
    for p in pages:
        by_col.setdefault(p.column, []).append(p)
    types = sorted({p.type for p in pages}, key=lambda t: (TYPE_ORDER.index(t) if t in TYPE_ORDER else 99, t))
    for t in types:
        if len(chosen) >= n:
            break
        of_type = [p for p in pages if p.type == t]
        if t == "content":
            of_type.sort(key=lambda p: (-len(by_col.get(p.column, [])), p.rel))
            biggest = [p for p in of_type if p.column == of_type[0].column]
            take(spread_order(biggest)[0])
        elif t == "column":
            idx = [p for p in of_type if p.rel.endswith("index.html")] or of_type
            take(idx[0])
        else:
            take(of_type[0])

    # 2. round-robin over the columns: articles first (spread), then index/pagination pages
    queues = []
    for col, items in sorted(by_col.items(), key=lambda kv: kv[0] or ""):
        if col is None:
            continue
        content = [p for p in items if p.type == "content"]
        other = sorted((p for p in items if p.type != "content"),
                       key=lambda p: (not p.rel.endswith("index.html"), p.rel))
        queues.append([p for p in spread_order(content) + other if p.rel not in taken])
    queues.append([p for p in by_col.get(None, []) if p.rel not in taken])  # pages outside columns last
    while len(chosen) < n and any(queues):
        for q in queues:
            while q and q[0].rel in taken:
                q.pop(0)
            if q and len(chosen) < n:
                take(q.pop(0))
    return sorted(chosen, key=lambda p: p.rel)


def select(pages_by_site: dict[str, list[AuditPage]], spec: str) -> dict[str, list[AuditPage]]:
    kind, n = parse_spec(spec)
    out: dict[str, list[AuditPage]] = {}
    for site, pages in pages_by_site.items():
        if kind == "all":
            out[site] = sorted(pages, key=lambda p: p.rel)
        elif kind == "home":
            homes = [p for p in pages if p.type == "home"]
            out[site] = homes or sorted(pages, key=lambda p: (p.rel.count("/"), p.rel))[:1]
        else:
            out[site] = sample(pages, n or 1)
    return out
