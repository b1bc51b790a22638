"""Run axe-core's own integration fixtures (shared/corpus/axe-fixtures) through our
audit pipeline: our HTTP server, our driver factory, our frame-recursive injection and
``run_axe``, and our Finding mapping.

``rules/<rule>/X.html`` are fragments: like axe's rule runner we put them into a
``<div id="fixture">`` with ``innerHTML`` (so their <script>s do not run) and run only
that rule on that container. ``full/<rule>/X.html`` are whole pages, run as they are.
The upstream harness' own files (``/axe.js``, mocha, chai) are not served (404): axe gets
into every frame by our injection, as on any audited site.

Comparison, as axe's runner does it: every expected target must be found exactly once;
violations and incomplete must have nothing else; passes may have more (upstream only
checks nodes whose impact is not null, and passing nodes have none).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

CORPUS_CANDIDATES = (
    Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "axe-fixtures",
    Path("/work/shared/corpus/axe-fixtures"),
)


def corpus_dir() -> Path | None:
    for c in CORPUS_CANDIDATES:
        if (c / "MANIFEST.md").is_file():
            return c
    return None


def rule_cases(root: Path) -> list[tuple[str, Path, Path]]:
    out = []
    for js in sorted((root / "rules").glob("*/*.json")):
        html = js.with_suffix(".html")
        if html.is_file():
            out.append((f"rules/{js.parent.name}/{html.name}", html, js))
    return out


def full_cases(root: Path) -> list[tuple[str, Path, Path]]:
    out = []
    for exp in sorted((root / "full").glob("*/*.expected.json")):
        data = json.loads(exp.read_text(encoding="utf-8"))
        page = exp.parent / data.get("page", exp.name.replace(".expected.json", ".html"))
        if page.is_file():
            out.append((f"full/{exp.parent.name}/{page.name}", page, exp))
    return out


RUNNER = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>axe-core rule fixture: {name}</title></head>
<body>
<div id="fixture"></div>
<script>document.getElementById("fixture").innerHTML = {content};</script>
</body>
</html>
"""


# The network is closed here: external resources a fixture loads are served locally
# instead (same rendering: the <img> carries its own width/height).
EXTERNAL_SUBSTITUTES = {
    "https://www.w3.org/StyleSheets/TR/2016/logos/W3C": "/__fixture__/w3c-logo.png",
}


def localise(fragment: str) -> str:
    for ext, local in EXTERNAL_SUBSTITUTES.items():
        fragment = fragment.replace(ext, local)
    return fragment


def png_bytes(w: int, h: int, rgb=(0, 90, 156)) -> bytes:
    import struct
    import zlib

    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def virtual_files(root: Path) -> dict[str, tuple[bytes, str]]:
    """Runner pages for every rules/ fragment (at /runner/<rule>__<name>) and the local
    stand-ins for external resources."""
    out = {"/__fixture__/w3c-logo.png": (png_bytes(72, 48), "image/png")}
    for name, html, _ in rule_cases(root):
        out[runner_url(name)] = (runner_page(name, localise(html.read_text(encoding="utf-8"))),
                                 "text/html; charset=utf-8")
    return out


def runner_url(name: str) -> str:
    return "/runner/" + name.replace("/", "__")


def runner_page(name: str, fragment: str) -> bytes:
    content = json.dumps(fragment).replace("</", "<\\/")
    return RUNNER.format(name=name, content=content).encode("utf-8")


_FRAMES_READY = r"""
function ready(doc, depth) {
  if (!doc || doc.readyState !== 'complete') return false;
  if (depth > 5) return true;
  var frames = doc.querySelectorAll('iframe, frame');
  for (var i = 0; i < frames.length; i++) {
    var d = null;
    try { d = frames[i].contentDocument; } catch (e) { continue; }
    if (d && !ready(d, depth + 1)) return false;
  }
  return true;
}
return ready(document, 0);
"""


def wait_frames(driver, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if driver.execute_script(_FRAMES_READY):
            return
        time.sleep(0.05)


def targets(results: dict, group: str, rule: str) -> list[list]:
    for r in results.get(group, []):
        if r["id"] == rule:
            return [n["target"] for n in r["nodes"]]
    return []


def compare(expected: dict, results: dict, rule: str) -> list[str]:
    """Differences between axe's expectations and our results (empty = as expected).

    Where the transcribed expectation says upstream only checks that a target *starts
    with* a selector (full/bypass pass tests: the page holds a second <html> element, so
    axe writes ``html[lang="en"]``), a target matches by prefix."""
    problems = []
    prefix = "starts with" in (expected.get("notes") or "")
    for group in ("violations", "incomplete", "passes"):
        if group not in expected:
            continue
        want = [list(t) for t in expected[group]]
        got = targets(results, group, rule)
        remaining = list(got)
        def same(g, t):
            if prefix and len(g) == len(t) == 1 and isinstance(g[0], str):
                return g[0].startswith(t[0])
            return g == t

        for t in want:
            n = sum(1 for g in remaining if same(g, t))
            if n == 0:
                problems.append(f"{group}: expected {t} not found")
            elif n > 1:
                problems.append(f"{group}: {t} found {n} times")
            remaining = [g for g in remaining if not same(g, t)]
        if group != "passes" and remaining:
            problems.append(f"{group}: unexpected {remaining}")
    return problems
