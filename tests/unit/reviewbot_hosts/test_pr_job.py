"""The job's guard rails: cache paths, credentials for git, refused clone URLs, the CLI's
usage errors and exit codes."""

import base64
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewbot.cli import main
from reviewbot.hosts import HostConfigError, client_for, host_api_url
from reviewbot.hosts.base import HostError, HostUnavailable, PullRequest
from reviewbot.service.pr import fetch_pull_request, git_auth_env, repo_dir


def pr(clone_url: str) -> PullRequest:
    return PullRequest(1, "a" * 40, "b" * 40, "main", "feature", clone_url, "refs/pull/1/head")


@pytest.mark.parametrize("name", ["../etc", "a/..", "a", "a/b c", "/abs/x", "a//b"])
def test_repository_names_cannot_escape_the_cache(tmp_path, name):
    with pytest.raises(HostError, match="invalid repository name"):
        repo_dir(tmp_path, "github", name)


def test_cache_layout(tmp_path):
    assert repo_dir(tmp_path, "gitlab", "group/sub/app") == tmp_path / "gitlab/group/sub/app"


def test_git_gets_the_token_in_its_environment_only_for_http():
    env = git_auth_env("https://github.com/acme/app.git", "x-access-token", "s3cr3t")
    assert env["GIT_CONFIG_KEY_0"] == "http.extraHeader"
    encoded = env["GIT_CONFIG_VALUE_0"].removeprefix("Authorization: Basic ")
    assert base64.b64decode(encoded) == b"x-access-token:s3cr3t"
    assert env["GIT_TERMINAL_PROMPT"] == "0"
    assert "GIT_CONFIG_COUNT" not in git_auth_env("file:///srv/app.git", "u", "s3cr3t")


def test_command_running_transports_are_refused(tmp_path):
    with pytest.raises(HostError, match="refusing to fetch"):
        fetch_pull_request(tmp_path, "github", "acme/app", pr("ext::sh -c touch% /tmp/x"), "t")


def test_a_failed_fetch_is_retryable_and_does_not_leak_the_token(tmp_path):
    missing = (tmp_path / "nowhere.git").as_uri()
    with pytest.raises(HostUnavailable) as failure:
        fetch_pull_request(tmp_path / "cache", "github", "acme/app", pr(missing), "tok-123456")
    assert failure.value.retryable and "tok-123456" not in str(failure.value)


def test_host_configuration_errors_say_what_to_set():
    with pytest.raises(HostConfigError, match="GITHUB_TOKEN"):
        client_for("github", env={})
    with pytest.raises(HostConfigError, match="REVIEWBOT_GITEA_API_URL"):
        client_for("gitea", env={"GITEA_TOKEN": "t"})
    with pytest.raises(HostConfigError, match="unknown host"):
        client_for("bitbucket", env={})
    assert host_api_url("github", env={"GITHUB_API_URL": "https://ghe.example/api/v3/"}) == (
        "https://ghe.example/api/v3")
    assert host_api_url("gitlab", "https://x/api/v4", env={"CI_API_V4_URL": "https://y"}) == (
        "https://x/api/v4")
    assert host_api_url("gitlab", env={}) == "https://gitlab.com/api/v4"


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--repo", "acme/app", "--number", "1"], {}, "no token for github"),
        (["--repo", "acme", "--number", "1"], {"GITHUB_TOKEN": "t"}, "OWNER/NAME"),
        (["--repo", "acme/app", "--number", "0"], {"GITHUB_TOKEN": "t"}, "--number"),
    ],
)
def test_reviewbot_pr_usage_errors_exit_2(tmp_path, monkeypatch, args, env, message):
    for name in ("GITHUB_TOKEN", "REVIEWBOT_GITHUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(
        main, ["pr", "--host", "github", *args, "--cache-dir", str(tmp_path)], env=env)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_reviewbot_pr_host_outage_exits_3(tmp_path, monkeypatch):
    waits = []
    monkeypatch.setattr("time.sleep", waits.append)
    result = CliRunner().invoke(main, [
        "pr", "--host", "github", "--repo", "acme/app", "--number", "1",
        "--api-url", "http://127.0.0.1:9", "--cache-dir", str(tmp_path),
        "--checkout", str(Path(tmp_path))], env={"GITHUB_TOKEN": "t"})
    assert result.exit_code == 3, result.output
    assert "gave up" in result.output
    assert waits == [1.0, 2.0, 4.0, 8.0]  # exponential backoff before giving up
