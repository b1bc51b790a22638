"""Platform-wide Pelican settings, shared by every site of the platform.

Each site's identity and columns live in ``site_src/<site_id>/site.toml``; the
build (``jiyue.build``) runs Pelican once per site and overrides PATH,
OUTPUT_PATH, SITENAME and the ``GOV_*`` keys below for that site.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # the platform core (jiyue) for the plugins
    sys.path.insert(0, str(ROOT))

SITENAME = "江南市集约化平台"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

THEME = str(ROOT / "themes" / "govsite")
THEME_STATIC_DIR = "theme"
PLUGIN_PATHS = [str(ROOT / "plugins")]
# Order matters: identity and metadata first, the generator of listings last.
PLUGINS = [
    "gov_identity",
    "gov_sanitize",
    "gov_metadata",
    "gov_pagetags",
    "gov_policy",
    "gov_archive",
    "gov_service", "gov_interaction", "gov_publishlog",  # 办事指南 table, 留言 statistics, 三审 log
    "gov_columns",
    "gov_manifest",
    "gov_incremental",  # incremental builds: clean article pages hard-linked, not rendered
]

# Content: one folder per column (CONTRACT §1); no Pelican "pages".
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["files"]
PAGE_PATHS = []
STATIC_PATHS = ["files"]
USE_FOLDER_AS_CATEGORY = False
PATH_METADATA = r"(?P<category>[^/]+)/[^/]+$"  # folder = column (CONTRACT §1)
# No metadata from file names: Pelican's default would parse a date out of names such as
# 2026-03-02-yhyshj.md on every run, only for the required Date header to replace it.
FILENAME_METADATA = ""
DEFAULT_CATEGORY = "misc"
SLUGIFY_SOURCE = "basename"
SLUGIFY_PRESERVE_CASE = True
SLUG_REGEX_SUBSTITUTIONS = []  # the file name is the slug, unchanged (jiyue.metadata.SLUG_RE)
IGNORE_FILES = [".*", "_*"]
READERS = {"html": None, "htm": None, "rst": None}

# URLs: the slug is the file name, so URLs are stable, readable and unique per
# column; listing pages use "<column>/page/<N>.html", which no slug can claim.
ARTICLE_URL = "{category}/{slug}.html"
ARTICLE_SAVE_AS = "{category}/{slug}.html"
ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = ""
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""
PAGE_URL = PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = ""
CATEGORY_URL = "{slug}/index.html"
CATEGORY_SAVE_AS = ""  # column pages are written by gov_columns
TAG_SAVE_AS = TAGS_SAVE_AS = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {}
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = FEED_ATOM = FEED_RSS = None
SUMMARY_MAX_LENGTH = 60
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_RETENTION = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Plugin settings (see each plugin's settings.py for defaults).
GOV_COLUMNS_PER_PAGE = 20  # items per column page
GOV_HOME_ITEMS = 8  # items per block on the home page
GOV_OFFICIAL_SCRIPTS = False  # True: also load the conac and jiucuo footer scripts
