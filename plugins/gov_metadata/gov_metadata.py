"""Article metadata normalised for templates and the other plugins.

The platform index (jiyue.platform_index) has already validated every file
before Pelican runs; this plugin turns the metadata into ``gov_*`` attributes,
keeps articles dated after the check date unpublished (COL008), and fills
ContentSource from the site's 主办单位 when an article names no Source.
"""

import re
from datetime import datetime

from pelican import signals

from jiyue import context
from jiyue.metadata import split_list


def hold_future(generator, metadata):
    """An article dated after the check date is never published (CONTRACT §2)."""
    if not context.is_gov_build(generator.settings):
        return
    date = metadata.get("date")
    if date is not None and date.date() > context.today(generator.settings):
        metadata["status"] = "draft"


def normalise(generator):
    if not context.is_gov_build(generator.settings):
        return
    site = context.site(generator.settings)
    columns = {c.id: c for c in reversed(site.columns)}  # site.column(): the first of an id
    for article in generator.articles + generator.drafts:
        meta = article.metadata
        column = columns.get(article.category.name)
        article.gov_column = column
        article.gov_kind = column.kind if column else "other"
        # datetime's own strftime: Pelican's (locale-aware, for %-d and the like) gives the same
        # digits for these formats, many times slower
        article.gov_pubdate = datetime.strftime(article.date, "%Y-%m-%d %H:%M")
        article.gov_date = datetime.strftime(article.date, "%Y-%m-%d")
        article.gov_source = meta.get("source") or site.host_org
        article.gov_archived = meta.get("archived") or None
        article.gov_doc_number = meta.get("docnumber") or ""
        article.gov_validity = meta.get("validity") or "有效"
        article.gov_current = article.gov_validity == "有效" and not article.gov_archived
        article.gov_form = meta.get("interpretationform") or ("文字解读" if article.gov_kind == "interpretation" else "")
        article.gov_interprets = split_list(meta.get("interprets", ""))
        article.gov_asked = meta.get("asked") or ""
        article.gov_answered = meta.get("answered") or ""
        article.gov_answered_by = meta.get("answeredby") or ""
        article.gov_keywords = meta.get("keywords") or ""
        article.gov_description = meta.get("summary_text") or _plain(meta.get("summary", ""))
        article.gov_author = meta.get("author").name if meta.get("author") is not None and hasattr(
            meta.get("author"), "name") else ""
        article.gov_source_file = f"{article.category.name}/{article.source_path.rsplit('/', 1)[-1]}"
        # Pelican formats ``url`` anew on every access (a dozen times per article and build);
        # it is final now: Pelican's own override keeps it (Content.get_url_setting).
        article.override_url = article.url


def _plain(value) -> str:
    return re.sub(r"<[^>]+>", "", str(value or "")).strip()


def register():
    signals.article_generator_context.connect(hold_future)
    signals.article_generator_finalized.connect(normalise)
