"""``./jiyue.sh``: the tasks of ``tasks.py`` run by invoke, with the help, the task list and the
usage errors in Chinese (``invoke <task>`` keeps working as it always did)."""

from __future__ import annotations

import inspect
import re
import sys

from invoke import Collection, Program
from invoke.exceptions import Exit, ParseError

from jiyue.argparse_zh import translate

_PARSE_ZH = [
    (re.compile(r"^No idea what '(.*)' is!$"), "无法识别的任务或选项：{0}"),
    (re.compile(r"^Flag <Argument: ([\w-]+)[^>]*> needed value and was not given one!$"), "选项 --{0} 需要一个值"),
    (re.compile(r"^'(.*)' did not receive required positional arguments: (.*)$"), "任务 {0} 缺少必需的选项：{1}"),
    (re.compile(r"^'(.*)' did not receive all required positional arguments!$"), "任务 {0} 缺少必需的选项"),
    (re.compile(r"^(.*) is not a valid (.*)$"), "{0} 不是有效的取值"),
]


def _as_options(text: str) -> str:
    return re.sub(r"'([\w-]+)'", r"--\1", text)  # invoke's 'site', 'year' are the options --site, --year


class ChineseProgram(Program):
    """invoke's Program, speaking Chinese to the editor or operator at the terminal."""

    def __init__(self, summaries: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.summaries = summaries

    def parse_core_args(self) -> None:
        try:
            super().parse_core_args()
        except ParseError as exc:
            raise self._usage_error(exc) from None

    def parse_tasks(self) -> None:
        try:
            super().parse_tasks()
        except ParseError as exc:
            raise self._usage_error(exc) from None

    def _usage_error(self, exc: ParseError) -> Exit:
        """A usage error in Chinese, exit status 2 (as every command of the platform)."""
        return Exit(f"{self.binary}：用法错误：{translate(str(exc), _PARSE_ZH, _as_options)}\n"
                    f"用 {self.binary} --list 查看全部任务，{self.binary} <任务> --help 查看任务的选项。", code=2)

    def print_help(self) -> None:
        print(f"用法：{self.binary} <任务> [任务的选项] …")
        print("")
        print(f"用 {self.binary} <任务> --help 查看任务的选项。")
        print("")
        self.list_tasks()

    def task_list_opener(self, extra: str = "") -> str:
        return "任务"

    def _make_pairs(self, coll, ancestors=None):
        return [(name, self.summaries.get(name) or help_text)
                for name, help_text in super()._make_pairs(coll, ancestors)]

    def print_task_help(self, name: str) -> None:
        tuples = self.parser.contexts[name].help_tuples()
        print(f"用法：{self.binary} {name}" + (" [选项]" if tuples else ""))
        print("")
        print(self.leading_indent + (self.summaries.get(name) or inspect.getdoc(self.collection[name]) or ""))
        print("")
        print("选项：")
        if tuples:
            self.print_columns(tuples)
        else:
            print(self.leading_indent + "无")
            print("")


def main(argv: list[str] | None = None) -> None:
    import tasks

    program = ChineseProgram(tasks.SUMMARIES, name="jiyue", binary="./jiyue.sh",
                             namespace=Collection.from_module(tasks))
    program.run(argv=["./jiyue.sh", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
