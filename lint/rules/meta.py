"""LNT: the linter's own findings — suppression mistakes and rules that crashed.

Their findings are produced by the engine (``lint/suppress.py`` for LNT001,
``lint/runner.py`` for LNT002), not by a page or site check; they are declared
here so they have a title, a source, documentation (``--explain``) and can be
selected, ignored or re-graded like any other rule.
"""

from __future__ import annotations

from lint.model import ERROR
from lint.registry import declare

SRC_TOOL = "jiyue 检查工具规则（抑制与基线须可追溯）"

declare(
    id="LNT001", title="LintIgnore 须写明理由且规则号存在", severity=ERROR, tags=("lint", "suppression"),
    source=SRC_TOOL, scope="page",
    doc="""
    ## What it does
    Checks every ``LintIgnore`` entry in an article's metadata: each entry is ``规则号 -- 理由``
    (several entries separated by ``;``; several rule ids may share one reason:
    ``GOV105, CNT002 -- 理由``), the reason is not empty and every rule id exists. A bad entry
    suppresses nothing and is reported on the article's page, at the ``LintIgnore`` line of the
    Markdown file.

    The same id is used for mistakes in the ``[lint]`` section of ``site_src/platform.toml``
    (an unknown key, a severity that is not error/warning/info, a rule id that does not exist);
    those stop the run with exit status 2.

    ## Why it matters
    An exemption without a reason cannot be reviewed: the next editor (or the inspector) cannot
    tell an accepted exception from a hidden defect. An exemption naming a rule that does not
    exist usually hides a typo, so the real finding is still there while the editor believes it
    is handled.

    ## Example
    ```
    Title: 关于公布值班电话的通知
    LintIgnore: CNT002
    ```
    Use instead:
    ```
    LintIgnore: CNT002 -- 公开的是单位值班手机，经办公室批准
    ```
    """,
)

declare(
    id="LNT002", title="规则执行出错", severity=ERROR, tags=("lint",), source=SRC_TOOL, scope="page",
    doc="""
    ## What it does
    Reports a rule that raised an exception on a page (or on a site, for site rules). The other
    rules still run; the message names the rule and the exception. The page was therefore **not
    fully checked** for that rule.

    ## Why it matters
    A crashed check must not look like a passed check: the gate fails so that the page is not
    published unchecked. Report the message (and the page) to the platform maintainers; it is a
    bug in the linter or an input it did not expect.

    ## Example
    ```
    LNT002 规则 GOV104 在此页面上出错：ValueError: …
    ```
    Until it is fixed, the rule can be ignored on that page with
    ``LintIgnore: LNT002 -- 已报告维护方，见工单 123``.
    """,
)
