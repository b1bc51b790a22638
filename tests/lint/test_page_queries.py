"""Page.css / Page.css_first answer lists of ``tag`` and ``tag[attr]`` selectors from the page's
tag index instead of lexbor. Whatever the path, the answer must be exactly lexbor's: the same
elements, in the same order, duplicates included."""

from __future__ import annotations

import random

import pytest
from selectolax.lexbor import LexborHTMLParser

from lint.page import Page

# Selectors the rules ask: lists the tag index answers, and others lexbor answers.
SELECTORS = [
    "a[href], button, input, [role=button], [role=link]",
    "main, [role=main]",
    "[style], style",
    "[style*=outline i], [onfocus]",
    "a, button, [role=button], input[type=button], input[type=submit], input[type=image]",
    "[role]",
    "[role=button]",
    "a[href]",
    "h1, h2, h3, h4, h5, h6",
    "img[srcset], source[srcset]",
    "link[href], style",
    "main",
    "main h1",
    "[id]",
    "input, select, textarea",
]

TAGS = ["div", "a", "button", "input", "main", "span", "style", "h1", "h2", "img", "section", "p"]
ATTRS = [
    'href="x.html"', 'role="button"', 'ROLE="link"', 'role="main"', 'role="note"', 'style="color:red"',
    'STYLE="outline:none"', 'style="OUTLINE: 0"', 'onfocus="this.blur()"', 'OnFocus="f()"', 'id="a"',
    'type="button"', 'type="submit"', 'srcset="a.png 1x"', 'role', 'style',
]


def _random_doc(rng: random.Random) -> str:
    def element(depth: int) -> str:
        tag = rng.choice(TAGS)
        attrs = " ".join(rng.sample(ATTRS, rng.choice([0, 0, 1, 1, 2, 3])))
        if tag in ("input", "img"):
            return f"<{tag} {attrs}>"
        inner = "".join(element(depth + 1) for _ in range(rng.randint(0, 3))) if depth < 4 else "文字"
        return f"<{tag} {attrs}>{inner}</{tag}>"

    body = "".join(element(0) for _ in range(rng.randint(1, 6)))
    return f"<!doctype html><html lang=zh-CN><head><title>t</title></head><body>{body}</body></html>"


def _positions(tree) -> dict[int, int]:
    """mem_id -> place in the document-order walk of its tree."""
    return {n.mem_id: i for i, n in enumerate(tree.root.traverse())} if tree.root is not None else {}


def _check(html: str) -> None:
    lexbor = LexborHTMLParser(html)
    theirs = _positions(lexbor)
    for selector in SELECTORS:
        want = [theirs[n.mem_id] for n in lexbor.css(selector)]
        page = Page(html, "x.html")
        ours = _positions(page.tree)
        assert [ours[n.mem_id] for n in page.css(selector)] == want, (selector, html)
        first = lexbor.css_first(selector)
        page = Page(html, "x.html")  # css_first before any css() of the same selector
        ours = _positions(page.tree)
        got = page.css_first(selector)
        assert (None if got is None else ours[got.mem_id]) == (None if first is None else theirs[first.mem_id]), \
            (selector, html)


@pytest.mark.parametrize("html", [
    "<main><a href=x>1</a><button role=button>2</button><input><div role=link>3</div></main>",
    "<div role=main><h1>x</h1></div><main></main>",
    "<main></main><div ROLE=main></div>",
    "<p style='outline:0'>x</p><a onfocus='blur()'>y</a><style>a{}</style>",
    "<a href=x>no rare attributes</a><button>b</button><style></style>",
    "<div role>empty role</div><p style>empty style</p>",
    "",
])
def test_known_pages_answer_as_lexbor(html):
    _check(html)


def test_random_pages_answer_as_lexbor():
    rng = random.Random(20261124)
    for _ in range(300):
        _check(_random_doc(rng))
