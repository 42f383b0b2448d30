"""A project's long description as safe HTML, the way PyPI renders it: readme-renderer picks
the parser from Description-Content-Type and cleans the result (nh3 allow-list), so markup
from an uploader can never add a script, an event handler or a style to our pages."""

from __future__ import annotations

from email.message import Message

import readme_renderer.markdown
import readme_renderer.rst
import readme_renderer.txt
from markupsafe import Markup


def _content_type(value: str | None) -> tuple[str, dict[str, str]]:
    message = Message()
    message["Content-Type"] = value or "text/x-rst"
    params = {k.lower(): v for k, v in message.get_params()[1:]}
    return message.get_content_type(), params


def render_description(text: str | None, content_type: str | None) -> Markup | None:
    """Sanitised HTML for *text*, or None when there is nothing to show."""
    if not text or not text.strip():
        return None
    kind, params = _content_type(content_type)
    html: str | None
    if kind == "text/markdown":
        html = readme_renderer.markdown.render(text, variant=params.get("variant", "GFM"))
    elif kind == "text/x-rst":
        html = readme_renderer.rst.render(text)  # None when the reST does not parse
        if html is None:
            html = readme_renderer.txt.render(text)
    else:
        html = readme_renderer.txt.render(text)
    return Markup(html) if html else None  # cleaned by readme-renderer above
