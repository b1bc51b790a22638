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
