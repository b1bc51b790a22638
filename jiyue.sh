#!/usr/bin/env bash
# jiyue (集约) launcher: makes sure the Python 3.12 environment exists, then runs a task.
#   ./jiyue.sh build      build and lint the demo platform in site_src/ into output/
#   ./jiyue.sh test       run the test suite
#   ./jiyue.sh <task> …   any task of tasks.py (./jiyue.sh --list)
set -euo pipefail
cd "$(dirname "$0")"

find_python() {
  local candidates=()
  if command -v pyenv >/dev/null 2>&1; then
    # 3.12 first (the version CI and the pinned requirements are tested with), then newer.
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.12\.[0-9]+$' | sort -rV) \
             $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[3-9])\.[0-9]+$' | sort -V); do
      candidates+=("$(pyenv root)/versions/$v/bin/python3")
    done
  fi
  candidates+=(python3.12 python3.13 python3)
  for py in "${candidates[@]}"; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$py"; return 0
    fi
  done
  return 1
}

stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  if ! PY=$(find_python); then
    echo "需要 Python 3.12 或更高版本（axe-selenium-python 3.0.0 要求 ≥ 3.12）。" >&2
    echo "可用 pyenv 安装：pyenv install 3.12.1，或安装 Debian 的 python3.12。" >&2
    exit 2
  fi
  [ -x .venv/bin/python ] || { echo "创建 Python 环境（$("$PY" --version)）…" >&2; "$PY" -m venv .venv; }
  echo "安装依赖（requirements-dev.txt）…" >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  echo "$want" > "$stamp"
fi
if [ -f package-lock.json ] && [ ! -f node_modules/.package-lock.json -o package-lock.json -nt node_modules/.package-lock.json ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "安装 axe-core（npm ci）…" >&2
    npm ci --silent --no-audit --no-fund >/dev/null
  else
    echo "警告：未找到 npm，浏览器审计将使用 axe-selenium-python 自带的 axe-core。" >&2
  fi
fi
if [ -n "${PYTHONDONTWRITEBYTECODE:-}" ]; then
  # Python will not cache its compiled modules here, so every run would compile jiyue, the
  # linter and the plugins again (~0.1 s per process); the installed packages were compiled by
  # pip. compileall writes the caches anyway and skips the up-to-date ones.
  .venv/bin/python -m compileall -q -j 0 jiyue lint plugins bench tasks.py pelicanconf.py >/dev/null || true
fi
exec .venv/bin/python -m jiyue.tasks_cli "$@"
