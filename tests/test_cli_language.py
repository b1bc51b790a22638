"""Every command of the platform speaks Chinese: help, usage errors (exit 2) and Ctrl+C (exit 130)."""

from __future__ import annotations

import importlib

import pytest

COMMANDS = ["jiyue.build", "jiyue.nginx", "jiyue.report", "jiyue.verify", "jiyue.archive.cli", "lint.cli",
            "lint.audit.cli"]


def _main(module: str):
    return importlib.import_module(module).main


def _exit_code(fn, argv) -> int:
    try:
        return fn(argv)
    except SystemExit as exc:  # argparse's --help and usage errors
        return exc.code if isinstance(exc.code, int) else 2


@pytest.mark.parametrize("module", COMMANDS)
def test_help_is_in_chinese(module, capsys):
    assert _exit_code(_main(module), ["--help"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("用法："), shown[:80]
    assert "\n选项:\n" in shown and "显示本帮助并退出" in shown
    assert "usage:" not in shown and "options:" not in shown and "show this help" not in shown


REQUIRED = {"jiyue.report": ["--site", "jiangnan", "--year", "2026"]}


@pytest.mark.parametrize("module", COMMANDS)
def test_an_unknown_option_is_a_chinese_usage_error(module, capsys):
    assert _exit_code(_main(module), [*REQUIRED.get(module, []), "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert "无法识别的参数：--no-such-option" in err, err
    assert "error:" not in err and "unrecognized" not in err


def test_a_bad_value_is_named_in_chinese(capsys):
    assert _exit_code(_main("jiyue.build"), ["--jobs", "many"]) == 2
    assert "参数 --jobs 应为整数，而不是 'many'" in capsys.readouterr().err
    assert _exit_code(_main("jiyue.report"), []) == 2
    assert "缺少必需的参数：--site, --year" in capsys.readouterr().err


def _interrupted(*_args, **_kwargs):
    raise KeyboardInterrupt


def test_ctrl_c_during_a_lint_is_a_short_message_and_exit_130(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("lint.cli._run", _interrupted)
    assert _main("lint.cli")(["--src", str(tmp_path / "site_src"), "--out", str(tmp_path / "output")]) == 130
    assert capsys.readouterr().err.strip() == "已中断"


def test_ctrl_c_during_a_build_is_a_short_message_and_exit_130(monkeypatch, capsys):
    import jiyue.build

    monkeypatch.setattr(jiyue.build, "build", _interrupted)
    assert jiyue.build.main(["--src", "site_src", "--out", "output"]) == 130
    err = capsys.readouterr().err
    assert err.startswith("已中断") and "Traceback" not in err


# --- ./jiyue.sh (invoke with the tasks of tasks.py) ------------------------------------------

def _jiyue_sh(*args: str):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    return subprocess.run([sys.executable, "-m", "jiyue.tasks_cli", *args], cwd=root, capture_output=True,
                          text=True, timeout=120)


def test_every_task_has_a_chinese_summary():
    import invoke

    import tasks

    names = {name for name, obj in vars(tasks).items() if isinstance(obj, invoke.Task)}
    assert names == set(tasks.SUMMARIES)


def test_jiyue_sh_lists_and_explains_its_tasks_in_chinese():
    listed = _jiyue_sh("--list")
    assert listed.returncode == 0 and listed.stdout.startswith("任务")
    assert "构建全部站点" in listed.stdout and "Available tasks" not in listed.stdout
    shown = _jiyue_sh("build", "--help")
    assert shown.returncode == 0
    assert shown.stdout.startswith("用法：./jiyue.sh build [选项]") and "\n选项：\n" in shown.stdout
    assert "--no-lint" in shown.stdout and "Docstring" not in shown.stdout and "Usage" not in shown.stdout


@pytest.mark.parametrize("args, expected", [
    (("build", "--bogus"), "无法识别的任务或选项：--bogus"),
    (("nosuchtask",), "无法识别的任务或选项：nosuchtask"),
    (("build", "--jobs"), "选项 --jobs 需要一个值"),
    (("report",), "任务 report 缺少必需的选项：--site, --year"),
])
def test_jiyue_sh_usage_errors_are_chinese_and_exit_2(args, expected):
    done = _jiyue_sh(*args)
    assert done.returncode == 2, done
    assert done.stderr.startswith(f"./jiyue.sh：用法错误：{expected}"), done.stderr
    assert "Traceback" not in done.stderr and "No idea" not in done.stderr


def test_jiyue_sh_passes_on_the_exit_status_of_the_task(tmp_path):
    done = _jiyue_sh("lint", "--src", str(tmp_path / "missing"), "--out", str(tmp_path / "output"))
    assert done.returncode == 2 and "站点源目录不存在" in done.stderr
