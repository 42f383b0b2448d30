"""Copy-paste configuration for the clients people already use, for one repository (and,
on a project page, one project). Pure text: the pages show it in <pre> blocks.

The token is never filled in: the page shows the placeholder ``$TOKEN`` (and ``TOKEN``
inside configuration files) so a screenshot or a shoulder never leaks one.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit


@dataclass(frozen=True)
class Snippet:
    title: str
    text: str


def _with_credentials(url: str, user: str, password: str) -> str:
    parts = urlsplit(url)
    netloc = f"{user}:{password}@{parts.netloc}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def install_snippets(
    base_url: str, repository: str, public_read: bool, project: str | None = None
) -> list[Snippet]:
    """pip, uv, pip.conf, uv.toml, .pypirc and twine for *repository* at *base_url*."""
    base = base_url.rstrip("/")
    index = f"{base}/{repository}/simple/"
    upload = f"{base}/{repository}/"
    package = project or "PACKAGE"
    pip_index = index if public_read else _with_credentials(index, "__token__", "$TOKEN")
    conf_index = index if public_read else _with_credentials(index, "__token__", "TOKEN")
    uv_auth = (
        ""
        if public_read
        else "\n# credentials: UV_INDEX_CODEYARD_USERNAME=__token__ "
        "UV_INDEX_CODEYARD_PASSWORD=$TOKEN"
    )
    return [
        Snippet("pip", f'pip install --index-url "{pip_index}" {package}'),
        Snippet(
            "uv",
            f'uv pip install --index-url "{pip_index}" {package}\n'
            f'uv add --index codeyard="{index}" {package}',
        ),
        Snippet("pip.conf", f"[global]\nindex-url = {conf_index}"),
        Snippet(
            "uv.toml",
            f'[[index]]\nname = "codeyard"\nurl = "{index}"\ndefault = true{uv_auth}',
        ),
        Snippet(
            ".pypirc",
            "[distutils]\nindex-servers = codeyard\n\n[codeyard]\n"
            f"repository = {upload}\nusername = __token__\npassword = TOKEN",
        ),
        Snippet(
            "twine upload",
            f'twine upload --repository-url {upload} -u __token__ -p "$TOKEN" dist/*',
        ),
    ]
