"""Atomic publish under faults: SIGKILL at random moments and a full disk.

After every fault the published tree is exactly the previous complete version
or the new complete version (every file hashed), and the next build succeeds and
cleans up what the interrupted one left behind.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from platform_factory import article, make_platform

ROOT = Path(__file__).resolve().parents[1]
VOLATILE = ("publish-log.jsonl",)  # records *when* a build ran: differs between two builds of one source


def snapshot(out: Path) -> dict[str, str]:
    files = {}
    for dirpath, _dirs, names in os.walk(out):
        for name in names:
            if name in VOLATILE:
                continue
            p = Path(dirpath) / name
            files[str(p.relative_to(out))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return files


def build_cmd(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "jiyue.build", "--src", str(src), "--out", str(out)]


def run_build(src, out):
    return subprocess.run(build_cmd(src, out), cwd=ROOT, capture_output=True, text=True, timeout=300)


def set_version(src: Path, version: str) -> None:
    """Two versions of the platform differing in a page of each site."""
    for site, col in (("jiangnan", "zwdt"), ("tjj", "zwdt")):
        (src / site / col / "edit.md").write_text(
            article(f"版本{version}的动态", "2026-11-22 09:00", f"这是第 {version} 版的正文。" * (3 if version == "B" else 1)),
            encoding="utf-8")


def leftovers(out: Path) -> list[str]:
    return [p.name for p in out.parent.iterdir() if p.name.startswith((f".{out.name}.staging-", f".{out.name}.old-"))]


def test_sigkill_at_random_moments(tmp_path):
    src = make_platform(tmp_path)
    out = tmp_path / "output"
    refs = {}
    for version in ("A", "B"):
        set_version(src, version)
        ref_out = tmp_path / f"ref-{version}"
        res = run_build(src, ref_out)
        assert res.returncode == 0, res.stderr
        refs[version] = snapshot(ref_out)
    set_version(src, "A")
    t0 = time.perf_counter()
    assert run_build(src, out).returncode == 0
    duration = time.perf_counter() - t0
    assert snapshot(out) == refs["A"]
    rng = random.Random(20261124)
    outcomes = {"A": 0, "B": 0}
    current = "A"
    for i in range(30):
        target = "B" if current == "A" else "A"
        set_version(src, target)
        proc = subprocess.Popen(build_cmd(src, out), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(rng.uniform(0.05, duration * 1.1))
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        state = snapshot(out)
        assert state in (refs["A"], refs["B"]), f"kill #{i}: output is neither the old nor the new version"
        current = "A" if state == refs["A"] else "B"
        outcomes[current] += 1
    # The next build completes, publishes the current source and cleans up.
    res = run_build(src, out)
    assert res.returncode == 0, res.stderr
    assert snapshot(out) == refs[target]
    assert leftovers(out) == []
    assert sum(outcomes.values()) == 30


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def test_full_disk_leaves_output_intact(tmp_path):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "6m"):
        pytest.skip("cannot mount a tmpfs here (needs root); the SIGKILL test covers the publish path")
    try:
        src = make_platform(tmp_path)
        out = disk / "output"
        res = run_build(src, out)
        assert res.returncode == 0, res.stderr
        before = snapshot(out)
        used = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
        # An attachment that cannot fit next to the published tree on this disk.
        (src / "jiangnan/files/big.bin").write_bytes(os.urandom(6 * 1024 * 1024 - used // 2))
        res = run_build(src, out)
        text = res.stdout + res.stderr
        assert res.returncode != 0
        assert "磁盘空间不足" in text and "Traceback" not in text, text
        assert snapshot(out) == before
        (src / "jiangnan/files/big.bin").unlink()
        set_version(src, "B")
        res = run_build(src, out)
        assert res.returncode == 0, res.stderr
        assert leftovers(out) == []
        assert (out / "jiangnan/zwdt/edit.html").is_file()
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
