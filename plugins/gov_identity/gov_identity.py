"""Header and footer identity (网站标识) from site.toml, as data for the theme.

Footer items follow 宿迁 附件1 网站标识 and 33号令: 主办单位, 联系方式, 网站标识码,
ICP备案 (linked to beian.miit.gov.cn), 公安备案 (icon, linked to the MPS record page
with the same 14 digits), 党政机关网站标识 (conac), 我为政府网站找错 (jiucuo), 网站地图
and the 中文域名. Templates only loop over ``gov_footer``.
"""

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from pelican import signals

from jiyue import context
from jiyue.security import csp

ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={digits}"
CONAC_URL = "https://bszs.conac.cn/sitename?method=show&id={conac_id}"
JIUCUO_URL = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={site_code}&url={url}"
JIUCUO_SCRIPT = "https://zfwzgl.www.gov.cn/exposure/jiucuo.js"


def footer_items(site) -> list[dict]:
    item = dict.fromkeys(("key", "label", "text", "href", "img", "img_alt"))
    return [
        {**item, "key": "host_org", "label": "主办单位", "text": site.host_org},
        {**item, "key": "contact", "label": "联系方式", "text": site.contact},
        {**item, "key": "site_code", "label": "网站标识码", "text": site.site_code},
        {**item, "key": "icp", "text": site.icp, "href": ICP_URL},
        {**item, "key": "police_record", "text": site.police_record,
         "href": POLICE_URL.format(digits=site.police_digits), "img": "theme/img/gongan.png",
         "img_alt": "公安备案图标"},
        {**item, "key": "chinese_domain", "label": "中文域名", "text": site.chinese_domain},
        {**item, "key": "sitemap", "text": "网站地图", "href": "sitemap.html"},
        {**item, "key": "conac", "text": "", "href": CONAC_URL.format(conac_id=site.conac_id),
         "img": "theme/img/conac.svg", "img_alt": "党政机关网站标识"},
        {**item, "key": "jiucuo", "text": "我为政府网站找错",
         "href": JIUCUO_URL.format(site_code=site.site_code, url=quote(site.url, safe=""))},
    ]


@lru_cache(maxsize=4)
def theme_sri(theme: str) -> dict[str, str]:
    """Subresource Integrity of the theme's own CSS and JS (the hash is known at build time)."""
    static = Path(theme) / "static"
    sri = {}
    for path in sorted(static.rglob("*")):
        if path.suffix in (".css", ".js") and path.is_file():
            digest = base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()
            sri[path.relative_to(static).as_posix()] = f"sha384-{digest}"
    return sri


def add_globals(generator):
    if not context.is_gov_build(generator.settings):
        return
    site = context.site(generator.settings)
    generator.env.globals.update(
        gov_site=site,
        gov_footer=footer_items(site),
        gov_nav=site.column_tree,
        gov_official_scripts=bool(generator.settings.get("GOV_OFFICIAL_SCRIPTS")),
        gov_jiucuo_script=JIUCUO_SCRIPT,
        gov_csp=csp(tuple(context.platform(generator.settings).config.section("security").get("iframe_hosts", [])),
                    for_meta=True),
        gov_sri=theme_sri(generator.settings["THEME"]),
    )


def register():
    signals.generator_init.connect(add_globals)
