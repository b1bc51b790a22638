"""argparse in Chinese for every command of the platform: the usage prefix, the option titles,
``-h`` and the usage errors (exit status 2), so that an editor or operator never meets
argparse's English."""

from __future__ import annotations

import argparse
import re
import sys

USAGE_EXIT = 2
INTERRUPTED_EXIT = 130  # Ctrl+C, as a shell reports it

_ARGPARSE_ZH = [
    (re.compile(r"^unrecognized arguments: (.*)$"), "无法识别的参数：{0}"),
    (re.compile(r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$"),
     "参数 {0} 的取值 {1} 无效，可选：{2}"),
    (re.compile(r"^argument (\S+): invalid int value: (.*)$"), "参数 {0} 应为整数，而不是 {1}"),
    (re.compile(r"^argument (\S+): expected one argument$"), "参数 {0} 需要一个值"),
    (re.compile(r"^argument (\S+): ignored explicit argument (.*)$"), "参数 {0} 不接受取值 {1}"),
    (re.compile(r"^argument (\S+): not allowed with argument (\S+)$"), "参数 {0} 不能与 {1} 同时使用"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$"), "选项 {0} 有歧义，可能是：{1}"),
    (re.compile(r"^the following arguments are required: (.*)$"), "缺少必需的参数：{0}"),
]


def translate(message: str, table, group=lambda text: text) -> str:
    """``message`` in Chinese: the template of the first pattern of ``table`` that matches it,
    filled with the matched groups (each passed through ``group``); else ``message`` as is."""
    for pattern, template in table:
        m = pattern.match(message.strip())
        if m:
            return template.format(*(group(text) for text in m.groups()))
    return message


def translate_usage_error(message: str) -> str:
    return translate(message, _ARGPARSE_ZH)


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse help with a Chinese usage prefix (the option titles are set by the parser)."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="用法：")


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse in Chinese: the usage prefix, the titles of the argument groups, ``-h`` and the
    usage errors; every usage error exits 2."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message):  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(USAGE_EXIT, self.usage_error_text(message) + "\n")

    def usage_error_text(self, message: str) -> str:
        """argparse's ``message`` as the command reports it: in Chinese, with where to look."""
        return f"{self.prog}：用法错误：{translate_usage_error(message)}\n用 {self.prog} --help 查看全部选项。"


