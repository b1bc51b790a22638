"""A simple stderr progress bar: pages done/total, pages per second, ETA.

Quiet when stderr is not a terminal (CI logs), unless forced with ``--progress`` or
``JIYUE_PROGRESS=1``. ``JIYUE_PROGRESS=0`` silences it everywhere.
"""

from __future__ import annotations

import os
import sys
import threading
import time


def _fmt_eta(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    s = int(round(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:d}:{s:02d}"


def render_line(done: int, total: int, cached: int, elapsed: float, width: int = 24) -> str:
    frac = (done / total) if total else 1.0
    filled = int(round(frac * width))
    bar = "#" * filled + "-" * (width - filled)
    audited = done - cached
    rate = audited / elapsed if elapsed > 0 and audited else 0.0
    remaining = total - done
    eta = (remaining / rate) if rate > 0 else (0.0 if remaining == 0 else None)
    extra = f"，缓存 {cached}" if cached else ""
    return f"审计 [{bar}] {done}/{total} 页{extra}  {rate:.2f} 页/秒  剩余 {_fmt_eta(eta)}"


class Progress:
    def __init__(self, total: int, stream=None, enabled: bool | None = None, min_interval: float = 0.1):
        self.total = total
        self.stream = stream or sys.stderr
        env = os.environ.get("JIYUE_PROGRESS")
        if env == "0":
            enabled = False
        elif env == "1" and enabled is None:
            enabled = True
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.done = 0
        self.cached = 0
        self.start = time.monotonic()
        self._last = 0.0
        self._lock = threading.Lock()
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.min_interval = min_interval
        self._printed_at = -1

    def line(self) -> str:
        return render_line(self.done, self.total, self.cached, time.monotonic() - self.start)

    def update(self, n: int = 1, cached: bool = False) -> None:
        with self._lock:
            self.done += n
            if cached:
                self.cached += n
            self._draw()

    def _draw(self, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self._last < self.min_interval and self.done < self.total:
            return
        self._last = now
        if self._tty:
            self.stream.write("\r\x1b[K" + self.line())
        else:
            # forced on a pipe: one line per ~10% so logs stay short
            step = max(1, self.total // 10)
            if not final and self.done != self.total and self.done // step == self._printed_at:
                return
            self._printed_at = self.done // step
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def close(self) -> None:
        if not self.enabled:
            return
        with self._lock:
            if self._tty:
                self._draw(final=True)
                self.stream.write("\n")
            self.stream.flush()
