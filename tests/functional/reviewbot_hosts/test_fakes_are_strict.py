"""The fakes are only worth something if they refuse what the real hosts refuse: requests
GitHub's REST description does not allow, unknown fields, anchors outside the diff."""

import requests

from .conftest import start_fake
from .helpers import make_pr

LINES = "".join(f"value_{n} = {n}\n" for n in range(1, 11))


def call(fake, method, path, headers, **kwargs):
    return requests.request(method, fake.base_url + path, headers=headers, timeout=5, **kwargs)


def test_github_fake_enforces_the_rest_description_and_the_diff(github_spec, tmp_path):
    fake = start_fake("github")
    try:
        make_pr(fake, tmp_path, "acme/app", 1, {"app.py": LINES})
        auth = {"Authorization": f"Bearer {fake.token}", "Accept": "application/vnd.github+json"}
        reviews = "/repos/acme/app/pulls/1/reviews"
        bad = [
            call(fake, "POST", reviews, auth, json={"event": "COMMENTED", "body": "x"}),
            call(fake, "POST", reviews, auth,
                 json={"event": "COMMENT", "body": "x", "comments": [{"line": 1, "body": "b"}]}),
            call(fake, "PUT", "/repos/acme/app/issues/comments/1", auth, json={"body": "x"}),
            call(fake, "GET", "/repos/acme/app/pulls/1/comments?per_page=lots", auth),
            call(fake, "GET", "/repos/acme/app/pulls/1/comments?unknown=1", auth),
            call(fake, "PATCH", "/repos/acme/app/issues/comments/1", auth, json={"text": "x"}),
        ]
        assert [r.status_code for r in bad] == [400] * 6
        assert len(fake.violations) >= 6
        fake.violations.clear()
        assert call(fake, "GET", "/repos/acme/app/pulls/1", {}).status_code == 401
        outside = {"event": "COMMENT", "body": "x",
                   "comments": [{"path": "app.py", "line": 40, "side": "RIGHT", "body": "b"}]}
        refused = call(fake, "POST", reviews, auth, json=outside)
        assert refused.status_code == 422
        assert refused.json()["errors"] == ["Line could not be resolved"]
        inside = {"event": "COMMENT", "body": "x",
                  "comments": [{"path": "app.py", "line": 3, "side": "RIGHT", "body": "b",
                                "start_line": 2, "start_side": "RIGHT"}]}
        assert call(fake, "POST", reviews, auth, json=inside).status_code == 200
        assert fake.violations == []
    finally:
        fake.stop()


def test_gitlab_and_gitea_fakes_refuse_unknown_fields_and_bad_positions(github_spec, tmp_path):
    gitlab, gitea = start_fake("gitlab"), start_fake("gitea")
    try:
        make_pr(gitlab, tmp_path / "gl", "acme/app", 1, {"app.py": LINES})
        make_pr(gitea, tmp_path / "gt", "acme/app", 1, {"app.py": LINES})
        gl = {"PRIVATE-TOKEN": gitlab.token}
        mr = "/projects/acme%2Fapp/merge_requests/1"
        assert call(gitlab, "POST", f"{mr}/notes", gl, json={"bodyy": "x"}).status_code == 400
        assert call(gitlab, "GET", "/projects/acme/app/merge_requests/1", gl).status_code in (
            400, 404)  # the project path must be URL-encoded
        refs = call(gitlab, "GET", mr, gl).json()["diff_refs"]
        position = {"position_type": "text", "new_path": "app.py", "old_path": "app.py",
                    "new_line": 40, **refs}
        bad_line = call(gitlab, "POST", f"{mr}/discussions", gl,
                        json={"body": "b", "position": position})
        assert bad_line.status_code == 400 and "line_code" in bad_line.json()["message"]
        good = call(gitlab, "POST", f"{mr}/discussions", gl,
                    json={"body": "b", "position": {**position, "new_line": 2}})
        assert good.status_code == 201
        gitlab.violations.clear()

        gt = {"Authorization": f"token {gitea.token}"}
        reviews = "/repos/acme/app/pulls/1/reviews"
        assert call(gitea, "POST", reviews, gt, json={"event": "COMMENTED"}).status_code == 400
        assert call(gitea, "POST", reviews, gt, json={
            "event": "COMMENT", "body": "x",
            "comments": [{"path": "app.py", "body": "b", "line": 2}]}).status_code == 400
        assert call(gitea, "POST", reviews, gt, json={
            "event": "COMMENT", "body": "x",
            "comments": [{"path": "app.py", "body": "b", "new_position": 40}]}).status_code == 422
        assert call(gitea, "POST", reviews, gt, json={
            "event": "COMMENT", "body": "x",
            "comments": [{"path": "app.py", "body": "b", "new_position": 2}]}).status_code == 200
        gitea.violations.clear()
    finally:
        gitlab.stop()
        gitea.stop()
