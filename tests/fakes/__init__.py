"""Fake code hosts for the review bot's tests: local HTTP servers that play GitHub, GitLab
and Gitea strictly (GitHub requests are checked against GitHub's own REST description)."""
