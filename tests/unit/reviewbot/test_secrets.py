"""The secrets detector: provider keys, key blocks, URL passwords, entropy assignments;
placeholders, documented examples and test values must stay silent.

Realistic-looking values are assembled at run time so this file itself holds no string a
secret scanner would (rightly) flag."""

from __future__ import annotations

import pytest

from reviewbot.analyzers.secrets import SecretsAnalyzer, looks_random, shannon_entropy

AWS_ID = "AKIA" + "Q7XK2LMBZ4RTY6WP"
AWS_SECRET = "kT9v" + "Zx1QmN3pL8wR5yB2cD7fG4hJ6kM0nP+sU/aE"
GH_TOKEN = "ghp" + "_" + "R8kD2mXq9LzT4vB7nW1cY5pH3jF6sA0gE2uK"
SLACK = "xoxb" + "-2048613355-4096121212-" + "q8RkT2vLm9XzW4bN7cP1yD5f"
STRIPE = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc"
PRIVATE_KEY = (
    "-----BEGIN RSA " + "PRIVATE KEY-----\n"
    "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2kLp8Vx4FrT9Qw1Yh6Ua2Lb0Nc5Zd\n"
    "K3s9Hq2Wm4Xv7Bn1Pc8Ld5Rf2Tg6Yh0Uj3Ik9Ol4Zx7Cv1Bn5Mq8Wr2Et6Yu0Io3\n"
    "-----END RSA " + "PRIVATE KEY-----\n"
)


def scan(path: str, text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line or 0) for f in SecretsAnalyzer().scan(path, text.split("\n"))]


POSITIVE = [
    ("aws-id", "settings.py", f'AWS_ACCESS_KEY_ID = "{AWS_ID}"\n', [("secrets/aws-access-key", 1)]),
    (
        "aws-secret",
        "deploy/env.sh",
        f"export AWS_SECRET_ACCESS_KEY={AWS_SECRET}\n",
        [("secrets/aws-secret-key", 1)],
    ),
    ("github", "ci.yml", f"token: {GH_TOKEN}\n", [("secrets/token", 1)]),
    ("slack", "notify.py", f'SLACK = "{SLACK}"\n', [("secrets/token", 1)]),
    ("stripe", "billing.py", f'stripe.api_key = "{STRIPE}"\n', [("secrets/token", 1)]),
    ("private-key", "keys/id_rsa", PRIVATE_KEY, [("secrets/private-key", 1)]),
    (
        "url-password",
        "app/config.py",
        'DB = "postgresql://app:Xk29!vLq7zR@db.internal.corp:5432/app"\n',
        [("secrets/password-in-url", 1)],
    ),
    (
        "entropy-assignment",
        "app/settings.py",
        'SECRET_KEY = "h7Gk2Lq9Zx4Vb8Nm1Wc6Rt3Yp5"\n',
        [("secrets/hardcoded-secret", 1)],
    ),
    (
        "env-file",
        ".env",
        "API_TOKEN=9fK2mQ8xL4vT7bN1cR6wZ3\n",
        [("secrets/hardcoded-secret", 1)],
    ),
    (
        "json-hex-api-key",
        "config/settings.json",
        '{"api_key": "9b1f3c8e2d7a4f6b0c5e1d9a8b7c6d5e",\n',
        [("secrets/hardcoded-secret", 1)],
    ),
    (
        "yaml-password",
        "config/prod.yaml",
        "db:\n  password: 'Tr0ub4dor&3-horse'\n",
        [("secrets/hardcoded-secret", 2)],
    ),
]

NEGATIVE = [
    ("aws-docs-example", "README.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"),
    (
        "aws-docs-secret",
        "README.md",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    ),
    ("placeholder-token", "settings.py", 'API_TOKEN = "<your-token-here>"\n'),
    ("env-reference", "settings.py", 'PASSWORD = os.environ["DB_PASSWORD"]\n'),
    ("changeme", "config.yaml", "password: changeme\n"),
    ("template", "config.yaml", "password: ${DB_PASSWORD}\n"),
    (
        "localhost-url",
        "docker-compose.yml",
        "DATABASE_URL: postgres://app:devpass99@localhost/app\n",
    ),
    (
        "url-user-equals-pass",
        "settings.py",
        'URL = "postgresql://postgres:postgres@db.internal/app"\n',
    ),
    ("word-password", "settings.py", 'PASSWORD_FIELD = "password_confirmation"\n'),
    ("low-entropy", "settings.py", 'SECRET = "aaaaaaaaaaaa"\n'),
    ("key-file-name", "settings.py", 'PRIVATE_KEY_PATH = "/etc/ssl/private/server-key.pem"\n'),
    ("test-file-generic", "tests/test_login.py", 'password = "S3cure!Pa55w0rd"\n'),
    ("key-header-only", "docs/keys.md", "-----BEGIN RSA " + "PRIVATE KEY-----\n...\n"),
    ("python-expression", "app.py", "token = make_token(user_id_12345678)\n"),
    ("prose-value", "lexer.py", 'TOKEN_COMMENT_END: "end of comment",\n'),
    ("identifier-value", "hooks.py", 'REVISION_TOKEN = "REVISION_SCRIPT_FILENAME"\n'),
    ("format-template", "env.py", 'upgrade_token="%s_upgrades" % name,\n'),
    ("format-field", "app.py", "msg = f'Syntax error; token: \"{current_phrase}\"'\n"),
    (
        "arn",
        "policy.json",
        '"ARN": "arn:aws:secretsmanager:us-west-2:123456789012:secret:Db-a1b2c3",\n',
    ),
    ("timestamp", "users.json", '"PasswordLastUsed": "2016-09-08T21:47:36Z",\n'),
    ("pagination-token", "page.json", '"NextToken": "abcdefg12345xyz",\n'),
    ("scott-tiger", "db.py", 'URL = "mssql+pyodbc://scott:tiger^5HHH@mssql2017:1433/test"\n'),
    ("type-annotation", "keys.pyi", "private_key: x25519.X25519PrivateKey\n"),
    ("examples-file", "data/examples-1.json", '"Password": "SomeKindOfPassword123!@#",\n'),
]


@pytest.mark.parametrize(
    ("path", "text", "expected"), [c[1:] for c in POSITIVE], ids=[c[0] for c in POSITIVE]
)
def test_secret_found(path: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert scan(path, text) == expected


@pytest.mark.parametrize(("path", "text"), [c[1:] for c in NEGATIVE], ids=[c[0] for c in NEGATIVE])
def test_not_a_secret(path: str, text: str) -> None:
    assert scan(path, text) == []


def test_provider_token_in_test_file_still_counts() -> None:
    assert scan("tests/test_api.py", f'TOKEN = "{GH_TOKEN}"\n') == [("secrets/token", 1)]


def test_messages_never_repeat_the_secret() -> None:
    for _, path, text, _ in POSITIVE:
        for finding in SecretsAnalyzer().scan(path, text.split("\n")):
            for secret in (AWS_ID, AWS_SECRET, GH_TOKEN, SLACK, STRIPE, "Xk29!vLq7zR"):
                assert secret not in finding.message
            assert str(finding.severity) in {"high", "critical"}
            assert finding.cwe in {798, 321}


def test_entropy_helpers() -> None:
    assert shannon_entropy("aaaa") == 0.0
    assert shannon_entropy("abcd") == 2.0
    assert looks_random("h7Gk2Lq9Zx4Vb8Nm1Wc6")
    assert not looks_random("password")
    assert not looks_random("your-api-key-here")
