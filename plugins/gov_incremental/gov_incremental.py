"""Incremental builds: unchanged pages are hard-linked from the published tree, not rendered.

``jiyue.build`` passes, in the file named by the ``GOV_INCREMENTAL`` setting (written by
``jiyue.incremental.write_site_plan``)::

    {"published": "<output>/<site>", "clean": [urls], "views": {source: digest},
     "listings": {page: key}}

- *clean* article pages (``jiyue.incremental.plan`` knows they would come out
  byte-identical) are linked from the published site instead of being rendered;
- every other page this writer writes — the *listing* pages: home, columns, sitemap.html,
  archive, policy library, 404 — gets a *key*: a digest of its name, its template and of
  every variable passed to the template for it (:func:`listing_key`), where an article
  stands for its view (``views``: the digest of everything its page shows, so also of
  everything a list can show of it) and the theme's ``gov_*`` globals are included. A
  listing page whose key equals the one of the published build (``listings``) is linked;
  any other is rendered. The keys of this run are left in ``jiyue.incremental.LISTINGS``
  for the next build's state.

The contract, as for article views: a listing page shows only its template variables and
the ``gov_*`` globals (never the Pelican context as a whole, e.g. ``articles``); what else
it depends on — the theme and code, pelicanconf, site.toml identity, platform.toml, the
check date — makes the plan rebuild everything. A value the key cannot describe (an
object of an unknown type, an article without a view) makes the page render.

Linked pages are still announced (``content_written``) so the build manifest (gov_manifest)
lists them. Without ``GOV_INCREMENTAL`` (a bare Pelican run) this writer changes nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from collections import ChainMap
from datetime import date, datetime
from pathlib import PurePath

from pelican import signals
from pelican.contents import Content
from pelican.writers import Writer

from jiyue import incremental

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class SitePlan:
    published: str
    clean: frozenset[str]
    views: dict[str, str]  # article source (relative to the site folder) → view digest
    listings: dict[str, str]  # listing page → key of the published build


def _load(settings) -> SitePlan | None:
    path = settings.get("GOV_INCREMENTAL")
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return SitePlan(data["published"], frozenset(data.get("clean", ())), dict(data.get("views", {})),
                        dict(data.get("listings", {})))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class _Unknown(Exception):
    """A template variable the listing key cannot describe."""


def _describer(views: dict[str, str]):
    """The ``default`` of json.dumps for template variables: what a template can show of a
    value that is not plain JSON. Dict order is kept (templates loop over dicts)."""

    def describe(value):
        if isinstance(value, Content):
            view = views.get(value.relative_source_path.replace(os.sep, "/"))
            if view is None:
                raise _Unknown(value.relative_source_path)
            return {"article": value.relative_source_path, "view": view}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {"dataclass": type(value).__qualname__,
                    "fields": {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}}
        if isinstance(value, (set, frozenset)):
            return {"set": sorted(json.dumps(v, ensure_ascii=False, default=describe) for v in value)}
        if isinstance(value, (date, datetime)):
            return {type(value).__name__: value.isoformat()}
        if isinstance(value, PurePath):
            return {"path": str(value)}
        raise _Unknown(type(value).__qualname__)

    return describe


def _encode(value, views: dict[str, str]) -> str:
    return json.dumps(value, ensure_ascii=False, default=_describer(views))


def globals_token(env_globals: dict, views: dict[str, str]) -> str | None:
    """The theme's ``gov_*`` globals as key data (None: they cannot be described)."""
    try:
        return _encode({k: v for k, v in env_globals.items() if k.startswith("gov_")}, views)
    except (_Unknown, TypeError, ValueError):
        return None


def listing_key(name: str, template_name, options: dict, kwargs: dict, env_token: str | None,
                views: dict[str, str]) -> str | None:
    """The key of one listing page (see the module doc), or None when it cannot have one.
    ``env_token``: :func:`globals_token` of the template's environment."""
    if env_token is None:
        return None
    try:
        data = _encode([name, template_name, options, kwargs], views)
    except (_Unknown, TypeError, ValueError) as exc:  # TypeError: a dict key that is no string
        logger.debug("no listing key for %s (%s): rendering it", name, exc)
        return None
    h = hashlib.blake2b(data.encode("utf-8"), digest_size=16)
    h.update(env_token.encode("utf-8"))
    return h.hexdigest()


class IncrementalWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._plan = _load(settings or {})
        # The globals are final once the generators write (plugins set them while the
        # articles are read): described once per environment.
        self._env_tokens: dict[int, str | None] = {}
        self._folders: set[str] = set()  # output folders known to exist

    def _link(self, name, context, kwargs) -> bool:
        """Link the published ``name`` into the output (announced like a rendered page)."""
        src = os.path.join(self._plan.published, name)
        dst = os.path.join(self.output_path, name)
        folder = os.path.dirname(dst)
        try:
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            os.link(src, dst)
        except OSError as exc:
            logger.debug("cannot link %s (%s): rendering it", src, exc)
            return False
        self._written_files.add(dst)
        # what a rendered page's signal carries, without copying the whole context
        localcontext = ChainMap(kwargs, {"output_file": name}, context)
        signals.content_written.send(dst, context=localcontext)
        return True

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        plan = self._plan
        if plan and name:
            if kwargs.get("article") is not None:
                if name in plan.clean and self._link(name, context, kwargs):
                    incremental.STATS["linked"] += 1
                    return
                incremental.STATS["rendered"] += 1
            else:
                options = {"template": template.name, "relative_urls": relative_urls,
                           "override_output": override_output, "url": url}
                env = template.environment
                if id(env) not in self._env_tokens:
                    self._env_tokens[id(env)] = globals_token(env.globals, plan.views)
                key = None if paginated is not None else listing_key(
                    name, template_name, options, kwargs, self._env_tokens[id(env)], plan.views)
                if key is not None:
                    incremental.LISTINGS[name] = key
                    if plan.listings.get(name) == key and self._link(name, context, kwargs):
                        incremental.STATS["lists_linked"] += 1
                        return
                incremental.STATS["lists_rendered"] += 1
        return super().write_file(name, template, context, relative_urls=relative_urls, paginated=paginated,
                                  template_name=template_name, override_output=override_output, url=url, **kwargs)


def get_writer(pelican):
    return IncrementalWriter


def reset(pelican):
    incremental.STATS.update(rendered=0, linked=0, lists_rendered=0, lists_linked=0)
    incremental.LISTINGS.clear()


def register():
    signals.initialized.connect(reset)
    signals.get_writer.connect(get_writer)
