"""The analyzer against a local PEP 691 index: requests made, credentials, notes when the
registry cannot answer, and the whole path through `review()`."""

from __future__ import annotations

import json
import socket
import time

import pytest

from reviewbot.analyzers.dependencies.analyzer import TOKEN_ENV, URL_ENV, RegistryDepsAnalyzer
from reviewbot.analyzers.dependencies.registry_client import RegistryClient, redact, repository_url
from reviewbot.review.config import ConfigError, ReviewConfig, parse_config
from reviewbot.review.pipeline import review
from tests.unit.reviewbot_deps.helpers import SIMPLE_JSON, FakeIndex, basic, make_change, wheel

TOKEN = "cyr_unit_secret_token_value"

REQUIREMENTS = (
    "flask==3.0.0\nacme-utils==1.1\nacme-utilz\nacme-missing>=1\nzeta-tools\nacme-auth>=9\n"
)


def publish(index: FakeIndex) -> None:
    index.projects["acme-utils"] = [
        wheel("acme-utils", "1.0"),
        wheel("acme-utils", "1.1", yanked="corrupts the cache"),
    ]
    index.projects["acme-auth"] = [wheel("acme-auth", "1.0")]
    index.projects["flask"] = [wheel("flask", "3.0.0", requires_python=">=3.8")]


def findings(index: FakeIndex, change, token: str | None = TOKEN):  # type: ignore[no-untyped-def]
    analyzer = RegistryDepsAnalyzer(RegistryClient(index.url, token=token, timeout=2))
    return [(f.rule, f.path, f.line) for f in analyzer.analyze(change)], change.notes


def test_every_rule_through_http(index: FakeIndex) -> None:
    publish(index)
    change = make_change({"requirements.txt": (None, REQUIREMENTS)})
    got, notes = findings(index, change)
    assert got == [
        ("deps/yanked-version", "requirements.txt", 2),
        ("deps/typosquat", "requirements.txt", 3),
        ("deps/dependency-confusion", "requirements.txt", 4),
        ("deps/not-in-registry", "requirements.txt", 5),
        ("deps/no-matching-version", "requirements.txt", 6),
    ]
    assert notes == []
    paths = sorted(path for path, _, _ in index.requests)
    # one request per project, and the project list once (some projects are missing)
    assert paths == sorted(
        ["/team/simple/"]
        + [
            f"/team/simple/{n}/"
            for n in (
                "flask",
                "acme-utils",
                "acme-utilz",
                "acme-missing",
                "zeta-tools",
                "acme-auth",
            )
        ]
    )
    assert {accept for _, accept, _ in index.requests} == {SIMPLE_JSON}
    assert {auth for _, _, auth in index.requests} == {basic(TOKEN)}


def test_a_project_named_twice_is_asked_once_and_names_are_normalized(index: FakeIndex) -> None:
    publish(index)
    change = make_change(
        {
            "requirements.txt": (None, "Acme_Utils==1.0\n"),
            "requirements-dev.txt": (None, "acme.utils==1.0\n"),
        }
    )
    got, notes = findings(index, change)
    assert got == [] and notes == []
    assert [path for path, _, _ in index.requests] == ["/team/simple/acme-utils/"]


def test_all_served_no_list_request(index: FakeIndex) -> None:
    publish(index)
    got, _ = findings(
        index, make_change({"requirements.txt": (None, "flask==3.0.0\n")}), token=None
    )
    assert got == []
    assert index.requests == [("/team/simple/flask/", SIMPLE_JSON, "")]


def test_no_dependency_change_no_request(index: FakeIndex) -> None:
    got, _ = findings(index, make_change({"app.py": (None, "import acme_utils\n")}))
    assert got == [] and index.requests == []


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_are_one_note(index: FakeIndex, status: int) -> None:
    index.status = status
    got, notes = findings(index, make_change({"requirements.txt": (None, REQUIREMENTS)}))
    assert got == []
    assert (
        len(notes) == 1 and f"HTTP {status}" in notes[0] and "REVIEWBOT_REGISTRY_TOKEN" in notes[0]
    )
    assert TOKEN not in notes[0]
    assert len(index.requests) == 1  # the first refusal ends the check


def test_server_errors_are_one_note(index: FakeIndex) -> None:
    index.status = 502
    got, notes = findings(index, make_change({"requirements.txt": (None, "acme-utils\nflask\n")}))
    assert got == []
    assert len(notes) == 1 and notes[0].startswith(
        "dependency check against the registry incomplete"
    )
    assert "acme-utils" in notes[0] and "flask" in notes[0] and "HTTP 502" in notes[0]


def test_unreachable_registry_is_one_note() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    change = make_change({"requirements.txt": (None, REQUIREMENTS)})
    analyzer = RegistryDepsAnalyzer(
        RegistryClient(f"http://__token__:{TOKEN}@127.0.0.1:{port}/team/", timeout=2)
    )
    assert analyzer.analyze(change) == []
    assert len(change.notes) == 1 and "cannot reach http://127.0.0.1:" in change.notes[0]
    assert TOKEN not in change.notes[0]


def test_slow_registry_times_out_into_one_note(index: FakeIndex) -> None:
    index.delay = 1.0
    change = make_change({"requirements.txt": (None, "acme-utils\nflask\nclick\n")})
    started = time.monotonic()
    assert RegistryDepsAnalyzer(RegistryClient(index.url, timeout=0.3)).analyze(change) == []
    assert time.monotonic() - started < 1.0 + 0.5  # one timed-out question, not three
    assert change.notes == [
        f"dependency check against the registry skipped: {index.url} did not answer within 0.3 s"
    ]


def test_stale_answer_is_noted(index: FakeIndex) -> None:
    publish(index)
    index.headers = {"X-Registry-Stale": "true", "X-Registry-Stale-Reason": "remote down"}
    got, notes = findings(index, make_change({"requirements.txt": (None, "acme-utils==1.0\n")}))
    assert got == []
    assert notes == [
        "the registry answered from a stale cache for acme-utils (remote down); "
        "versions may be out of date"
    ]


def test_html_only_index_is_one_note(index: FakeIndex) -> None:
    index.answer = lambda path: (200, b"<html></html>")  # type: ignore[method-assign]
    got, notes = findings(index, make_change({"requirements.txt": (None, "acme-utils==1.0\n")}))
    assert got == [] and len(notes) == 1 and "did not answer with PEP 691 JSON" in notes[0]


def test_requires_python_from_the_project_pyproject(index: FakeIndex) -> None:
    index.projects["acme-new"] = [
        wheel("acme-new", "2.0", requires_python=">=3.11"),
        wheel("acme-new", "1.0"),
    ]
    pyproject = (
        '[project]\nname = "svc"\nrequires-python = ">=3.9"\n'
        'dependencies = [\n    "acme-new==2.0",\n]\n'
    )
    got, _ = findings(index, make_change({"pyproject.toml": (None, pyproject)}))
    assert got == [("deps/requires-python", "pyproject.toml", 5)]
    # the same requirement in a requirements file, the project's pyproject unchanged (merge-base)
    change = make_change(
        {"requirements.txt": (None, "acme-new==2.0\n")},
        config_texts={"pyproject.toml": pyproject.replace(">=3.9", ">=3.11")},
    )
    assert findings(index, change)[0] == []


def test_requires_python_of_a_subproject(index: FakeIndex) -> None:
    index.projects["acme-new"] = [wheel("acme-new", "2.0", requires_python=">=3.11")]
    sub = '[project]\nname = "sub"\nrequires-python = ">=3.10"\ndependencies = ["acme-new"]\n'
    root = '[project]\nname = "root"\nrequires-python = ">=3.12"\n'
    change = make_change({"libs/sub/pyproject.toml": (None, sub)}, {"pyproject.toml": root})
    assert findings(index, change)[0] == [("deps/requires-python", "libs/sub/pyproject.toml", 4)]
    change = make_change(
        {"libs/sub/requirements.txt": (None, "acme-new\n")}, {"pyproject.toml": root}
    )
    assert findings(index, change)[0] == []  # the root project needs 3.12+ anyway


def test_review_pipeline_keeps_findings_and_notes_and_never_the_token(index: FakeIndex) -> None:
    publish(index)
    change = make_change({"requirements.txt": (None, REQUIREMENTS)})
    result = review(change, [RegistryDepsAnalyzer(RegistryClient(index.url, token=TOKEN))])
    assert [(f.rule, f.line) for f in result.inline] == [
        ("deps/yanked-version", 2),
        ("deps/typosquat", 3),
        ("deps/dependency-confusion", 4),
        ("deps/not-in-registry", 5),
        ("deps/no-matching-version", 6),
    ]
    assert TOKEN not in json.dumps(result.to_json())
    index.status = 401
    refused = review(
        make_change({"requirements.txt": (None, REQUIREMENTS)}),
        [RegistryDepsAnalyzer(RegistryClient(index.url, token=TOKEN))],
    )
    assert (
        refused.inline == []
        and len(refused.notes) == 1
        and TOKEN not in json.dumps(refused.to_json())
    )


def test_not_configured_does_nothing(monkeypatch: pytest.MonkeyPatch, index: FakeIndex) -> None:
    monkeypatch.delenv(URL_ENV, raising=False)
    analyzer = RegistryDepsAnalyzer.from_environment(ReviewConfig())
    assert analyzer.client is None
    assert analyzer.analyze(make_change({"requirements.txt": (None, REQUIREMENTS)})) == []


def test_environment_overrides_config(monkeypatch: pytest.MonkeyPatch) -> None:
    config = ReviewConfig(registry_url="https://packages.internal/team/simple")
    monkeypatch.delenv(URL_ENV, raising=False)
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    client = RegistryDepsAnalyzer.from_environment(config).client
    assert client is not None and client.url == "https://packages.internal/team/"
    assert client.auth == ("__token__", TOKEN)
    monkeypatch.setenv(URL_ENV, "http://other.internal/ops")
    client = RegistryDepsAnalyzer.from_environment(config).client
    assert client is not None and client.url == "http://other.internal/ops/"


def test_config_key() -> None:
    text = '[tool.reviewbot]\nregistry-url = "https://packages.internal/team/"\n'
    assert parse_config(text, "pyproject.toml").registry_url == "https://packages.internal/team/"
    assert parse_config("fail-on = 'high'\n", ".reviewbot.toml").registry_url is None
    with pytest.raises(ConfigError, match="registry-url must be the registry repository's http"):
        parse_config("registry-url = 'packages.internal/team'\n", ".reviewbot.toml")


def test_url_helpers() -> None:
    assert repository_url("http://h/team") == "http://h/team/"
    assert repository_url("http://h/team/simple/") == "http://h/team/"
    assert redact("https://__token__:secret@h:8443/team/") == "https://h:8443/team/"


def test_two_requirements_on_one_line_are_one_finding(index: FakeIndex) -> None:
    pyproject = '[project]\nname = "svc"\ndependencies = ["zeta-one", "zeta-two", "flask"]\n'
    publish(index)
    analyzer = RegistryDepsAnalyzer(RegistryClient(index.url))
    result = analyzer.analyze(make_change({"pyproject.toml": (None, pyproject)}))
    assert [(f.rule, f.line) for f in result] == [("deps/not-in-registry", 3)]
    assert "'zeta-one'" in result[0].message and "'zeta-two'" in result[0].message


def test_token_goes_to_a_repository_configured_url_only_in_git_reviews(
    monkeypatch: pytest.MonkeyPatch, index: FakeIndex
) -> None:
    publish(index)
    monkeypatch.delenv(URL_ENV, raising=False)
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    config = ReviewConfig(registry_url=index.url)

    diff_review = make_change({"requirements.txt": (None, "flask==3.0.0\n")})
    assert RegistryDepsAnalyzer.from_environment(config).analyze(diff_review) == []
    assert index.requests[-1][2] == ""  # a --diff review's config may come from the change
    assert diff_review.notes == [
        "registry token not sent: registry-url comes from the working tree's config in a "
        "--diff review; set REVIEWBOT_REGISTRY_URL to send REVIEWBOT_REGISTRY_TOKEN"
    ]

    git_review = make_change({"requirements.txt": (None, "flask==3.0.0\n")})
    git_review.repo_path, git_review.head = "/repo", "0" * 40  # config from the merge-base
    assert RegistryDepsAnalyzer.from_environment(config).analyze(git_review) == []
    assert index.requests[-1][2] == basic(TOKEN) and git_review.notes == []

    monkeypatch.setenv(URL_ENV, index.url)  # set by whoever runs the bot: trusted
    from_env = make_change({"requirements.txt": (None, "flask==3.0.0\n")})
    assert RegistryDepsAnalyzer.from_environment(config).analyze(from_env) == []
    assert index.requests[-1][2] == basic(TOKEN) and from_env.notes == []


def test_unusable_url_is_one_note() -> None:
    change = make_change({"requirements.txt": (None, "acme-utils\n")})
    assert RegistryDepsAnalyzer(RegistryClient("packages.internal/team")).analyze(change) == []
    assert change.notes == [
        "dependency check against the registry skipped: the registry URL "
        "'packages.internal/team/' is not usable: give the repository's http(s) URL, "
        "e.g. https://packages.internal/team/"
    ]
