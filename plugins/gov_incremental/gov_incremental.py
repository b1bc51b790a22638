"""Incremental builds: clean article pages are hard-linked from the published tree, not rendered.

``jiyue.build`` decides (``jiyue.incremental.plan``) which article pages of a rebuilt site
are *clean* — their page would come out byte-identical — and passes them in the file named
by the ``GOV_INCREMENTAL`` setting: ``{"published": "<output>/<site>", "clean": [urls]}``.
This plugin's writer then links each clean page from the published site into the staging
tree instead of rendering it, and still announces it (``content_written``) so the build
manifest (gov_manifest) lists it. Listing pages and dirty articles are rendered as usual.
Without ``GOV_INCREMENTAL`` (a full build, a bare Pelican run) it changes nothing.
"""

from __future__ import annotations

import json
import logging
import os

from pelican import signals
from pelican.writers import Writer

from jiyue import incremental

logger = logging.getLogger(__name__)


def _load(settings) -> tuple[str, frozenset[str]] | None:
    path = settings.get("GOV_INCREMENTAL")
    if not path:
        return None
    try:
        data = json.loads(open(path, encoding="utf-8").read())
    except (OSError, ValueError):
        return None
    return data["published"], frozenset(data.get("clean", ()))


class IncrementalWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._plan = _load(settings or {})

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        plan = self._plan
        if plan and name and kwargs.get("article") is not None and name in plan[1]:
            src = os.path.join(plan[0], name)
            dst = os.path.join(self.output_path, name)
            try:
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                os.link(src, dst)
            except OSError as exc:
                logger.debug("cannot link %s (%s): rendering it", src, exc)
            else:
                self._written_files.add(dst)
                localcontext = context.copy()
                localcontext["output_file"] = name
                localcontext.update(kwargs)
                incremental.STATS["linked"] += 1
                signals.content_written.send(dst, context=localcontext)
                return
        if kwargs.get("article") is not None:
            incremental.STATS["rendered"] += 1
        return super().write_file(name, template, context, relative_urls=relative_urls, paginated=paginated,
                                  template_name=template_name, override_output=override_output, url=url, **kwargs)


def get_writer(pelican):
    return IncrementalWriter


def reset(pelican):
    incremental.STATS.update(rendered=0, linked=0)


def register():
    signals.initialized.connect(reset)
    signals.get_writer.connect(get_writer)
