"""网页标签 on content pages (47号文 annex): site, column and content tags.

Home, column and sitemap pages get theirs from gov_columns through the same
``jiyue.pagetags`` functions, so every page type carries exactly its set.
"""

from pelican import signals

from jiyue import context, pagetags


def tag_articles(generator):
    if not context.is_gov_build(generator.settings):
        return
    site = context.site(generator.settings)
    for article in generator.articles:
        article.gov_page_tags = pagetags.content_tags(
            site, article.gov_column,
            title=article.title, pubdate=article.gov_pubdate, source=article.gov_source,
            keywords=article.gov_keywords, author=article.gov_author,
            description=article.gov_description, url=f"{site.url}{article.url}",
            archived=article.gov_archived or "",
        )


def register():
    signals.article_generator_finalized.connect(tag_articles)
