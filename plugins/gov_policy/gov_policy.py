"""政策文件 ↔ 政策解读, linked both ways, across the sites of the platform.

宿迁 第十四条 and 附件1 解读关联; 南通 第八条. ``Interprets`` was resolved and
validated by the platform index before Pelican ran (POL003 build errors); here
each policy gets ``gov_interpretations`` and each interpretation ``gov_policies``,
and a policy that is 已修改/已废止/已失效 gets its replacement (``SupersededBy``)
and the replacement its predecessor.
"""

from pelican import signals

from jiyue import context


def _link(index, record, site_id) -> dict:
    return {"title": record.title, "doc_number": record.doc_number, "url": index.url_of(record, site_id),
            "date": record.date[:10], "form": record.form or "文字解读", "site": record.site,
            "external": record.site != site_id}


def link_policies(generator):
    if not context.is_gov_build(generator.settings):
        return
    index = context.index(generator.settings)
    site_id = generator.settings["GOV_SITE_ID"]
    mine = {r.url: r for r in index.by_site(site_id)}
    interpretations_of: dict[tuple[str, str], list] = {}
    for r in index.records:
        if r.future:
            continue
        for ref in r.interprets:
            target = index.resolve_policy(ref, r.site)
            if target is not None:
                interpretations_of.setdefault((target.site, target.url), []).append(r)
    successors = {}
    for r in index.records:
        if r.superseded_by:
            target = index.resolve_policy(r.superseded_by, r.site)
            if target is not None:
                successors[(target.site, target.url)] = r
    for article in generator.articles:
        rec = mine.get(article.url)
        article.gov_interpretations = []
        article.gov_policies = []
        article.gov_superseded_by = None
        article.gov_supersedes = None
        if rec is None:
            continue
        article.gov_interpretations = sorted(
            (_link(index, r, site_id) for r in interpretations_of.get((site_id, rec.url), [])),
            key=lambda x: x["date"])
        for ref in rec.interprets:
            target = index.resolve_policy(ref, site_id)
            if target is not None:
                article.gov_policies.append(_link(index, target, site_id))
        if rec.superseded_by:
            target = index.resolve_policy(rec.superseded_by, site_id)
            if target is not None:
                article.gov_superseded_by = _link(index, target, site_id)
        pred = successors.get((site_id, rec.url))
        if pred is not None:
            article.gov_supersedes = _link(index, pred, site_id)


def register():
    signals.article_generator_finalized.connect(link_policies)
