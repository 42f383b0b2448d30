"""Secrets in any text file of the change: provider keys with a known shape, private key
blocks, passwords inside connection strings, and high-entropy values assigned to
secret-looking names.

Precision rules: documented example keys (AKIAIOSFODNN7EXAMPLE …), placeholders (`changeme`,
`<token>`, `${VAR}`, `xxxx`, `your-…`), values read from the environment, and — for the
generic name/entropy rule — test files do not count. Messages never repeat the secret.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from reviewbot.analyzers.rules import make_finding
from reviewbot.review.findings import Finding

if TYPE_CHECKING:
    from reviewbot.review.change import Change

MAX_LINE = 4000  # minified blobs: skip lines longer than this

PLACEHOLDER = re.compile(
    r"example|sample|dummy|fake|placeholder|changeme|change_me|change-me|your[_-]|<[^>]*>|"
    r"\$\{|\{\{|%\(|^\$|x{4,}|\*{3,}|redacted|todo|fixme|insert|replace|secret_here|"
    r"^(test|testing|password|passwd|secret|token|none|null|admin|root|guest|postgres|"
    r"mysql|user|pass|foo|bar|baz|qwerty|letmein|tiger)$|\.\.\.|not-?real|^scott$",
    re.IGNORECASE,
)

PROVIDER_TOKENS: list[tuple[str, re.Pattern[str]]] = [
    ("GitHub token", re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{36,255})\b")),
    ("GitHub fine-grained token", re.compile(r"\b(github_pat_[A-Za-z0-9_]{60,255})\b")),
    ("GitLab token", re.compile(r"\b(glpat-[A-Za-z0-9_-]{20,})\b")),
    ("Slack token", re.compile(r"\b(xox[baprs]-[A-Za-z0-9-]{10,})\b")),
    (
        "Slack webhook",
        re.compile(r"(https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,})"),
    ),
    ("Stripe live key", re.compile(r"\b((?:sk|rk)_live_[A-Za-z0-9]{20,})\b")),
    ("Google API key", re.compile(r"\b(AIza[A-Za-z0-9_-]{35})\b")),
    ("PyPI token", re.compile(r"\b(pypi-AgE[A-Za-z0-9_-]{50,})")),
    ("npm token", re.compile(r"\b(npm_[A-Za-z0-9]{36})\b")),
    ("OpenAI key", re.compile(r"\b(sk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})\b")),
]
AWS_ACCESS_KEY = re.compile(r"\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b")
AWS_SECRET = re.compile(
    r"(?i)aws_?secret_?(?:access_?)?key[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"
)
PRIVATE_KEY = re.compile(
    r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----"
)
# a signed JWT: base64url header that decodes to {"alg"/"typ"…, a payload and a signature
JWT = re.compile(r"\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})")
BASIC_AUTH = re.compile(r"\bBasic\s+([A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])")
AZURE_KEY = re.compile(r"AccountKey=([A-Za-z0-9+/]{80,}={0,2})")
URL_PASSWORD = re.compile(
    r"\b([a-z][a-z0-9+.-]{1,20})://([^\s:/@'\"]+):([^\s@/'\"]+)@([^\s/:'\"?#]+)", re.IGNORECASE
)
SECRET_NAME = (
    r"[A-Za-z0-9_.-]*?(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|"
    r"access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?)"
    r"[A-Za-z0-9_]*"
)
ASSIGNMENT = re.compile(
    r"(?<![:/@\\])(?P<name>\b" + SECRET_NAME + r"|\"" + SECRET_NAME + r"\"|'" + SECRET_NAME + r"')"
    r"\s*(?::=|=>|=|:(?!:))\s*"
    r"(?:(?P<q>[\"'])(?P<quoted>[^\"'\n]{8,})(?P=q)|(?P<bare>[^\s\"',;#}]{8,}))",
    re.IGNORECASE,
)
NOT_SECRET_NAME = re.compile(
    r"(?:_|^)(file|path|dir|env|name|url|uri|type|prefix|suffix|length|len|field|header|id|"
    r"hash|key_id|min|max|count|expiry|expires|ttl|timeout|regex|pattern|format|policy|"
    r"label|placeholder|param|input|class|method|endpoint|strategy|mode|kind|version|used|"
    r"date|time|at|updated|created|changed|required|enabled|rotation|reset|arn|description)s?$"
    r"|(?:^|_)(next|page|continuation|client|purchase|request|verification|grant|sync|update|"
    r"idempotency|pagination|cancel|csrf)_token",
    re.IGNORECASE,
)
# prose, identifiers (UPPER_SNAKE / lower_snake / dotted names) and format templates
NOT_A_SECRET = re.compile(
    r"\s|^[A-Za-z_.:/-]+$|%[sd]|\{\}|^https?://|^arn:|\\|^\d{4}-\d{2}-\d{2}|\{[\w.]*\}"
    r"|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
CODE_LIKE = re.compile(r"[()\[\]]|^(os\.|env\.|process\.env|self\.|settings\.|config\.)|\.get$")
TEST_PATH = re.compile(
    r"(^|/)[^/]*examples?[^/]*$|(^|/)(tests?|testing|spec|fixtures?|examples?|docs?)(/|$)|(^|/)test_[^/]*$|_test\.py$|conftest\.py$"
)
EXAMPLE_AWS = {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
SAFE_HOSTS = re.compile(
    r"^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[?::1\]?|example\.(com|org|net)|[\w.-]*\.example(\.\w+)?|host|hostname|db|server)$",
    re.I,
)


def shannon_entropy(value: str) -> float:
    if not value:
        return 0.0
    counts = Counter(value)
    total = len(value)
    return -sum(c / total * math.log2(c / total) for c in counts.values())


def looks_random(value: str) -> bool:
    """High-entropy enough to be a generated secret, and not a word or a placeholder."""
    if len(value) < 10 or PLACEHOLDER.search(value) or len(set(value)) < 5:
        return False
    classes = sum(
        bool(re.search(pattern, value))
        for pattern in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")
    )
    threshold = 3.0 if len(value) < 16 else 3.5
    return classes >= 2 and shannon_entropy(value) >= threshold


def is_placeholder(value: str) -> bool:
    return bool(PLACEHOLDER.search(value)) or len(set(value)) <= 2


class SecretsAnalyzer:
    name = "secrets"

    def analyze(self, change: Change) -> Iterable[Finding]:
        findings: list[Finding] = []
        for changed in change.text_files():
            findings.extend(self.scan(changed.path, changed.lines))
        return findings

    def scan(self, path: str, lines: list[str]) -> Iterator[Finding]:
        in_test = bool(TEST_PATH.search(path))
        for number, line in enumerate(lines, start=1):
            if len(line) > MAX_LINE or not line.strip():
                continue
            yield from self._scan_line(path, number, line, lines, in_test)

    def _scan_line(
        self, path: str, number: int, line: str, lines: list[str], in_test: bool
    ) -> Iterator[Finding]:
        found_specific = False
        for match in AWS_ACCESS_KEY.finditer(line):
            key = match.group(1)
            if key in EXAMPLE_AWS or "EXAMPLE" in key:
                continue
            found_specific = True
            yield make_finding(
                "secrets/aws-access-key",
                path,
                number,
                f"An AWS access key id ({key[:4]}…{key[-2:]}) is committed here; revoke it in "
                "IAM and load credentials from the environment or an instance role.",
                anchor_text=line,
            )
        for match in AWS_SECRET.finditer(line):
            value = match.group(1)
            if value in EXAMPLE_AWS or is_placeholder(value) or shannon_entropy(value) < 4.0:
                continue
            found_specific = True
            yield make_finding(
                "secrets/aws-secret-key",
                path,
                number,
                "An AWS secret access key is committed here; revoke it in IAM and read it "
                "from the environment or a secrets manager.",
                anchor_text=line,
            )
        match = PRIVATE_KEY.search(line)
        if match and self._key_has_body(lines, number):
            found_specific = True
            yield make_finding(
                "secrets/private-key",
                path,
                number,
                f"A {match.group(1).lower()} is committed here; treat it as leaked: rotate the "
                "key pair and keep keys in a secrets store.",
                anchor_text=line,
            )
        for label, pattern in PROVIDER_TOKENS:
            for token_match in pattern.finditer(line):
                token = token_match.group(1)
                if is_placeholder(token) or not looks_random(token.split("_", 1)[-1]):
                    continue
                found_specific = True
                yield make_finding(
                    "secrets/token",
                    path,
                    number,
                    f"A {label} is committed here; revoke it at the provider and read it from "
                    "the environment or a secrets manager.",
                    anchor_text=line,
                )
        yield from self._scan_tokens(path, number, line)
        if JWT.search(line) or BASIC_AUTH.search(line) or AZURE_KEY.search(line):
            found_specific = True
        for url in URL_PASSWORD.finditer(line):
            scheme, user, password, host = url.groups()
            if (
                is_placeholder(password)
                or password == user
                or user.lower() in {"scott", "user", "username", "foo", "test", "example"}
                or password.startswith(("$", "%", "{", ":"))
                or any(char in password for char in ":,")
                or SAFE_HOSTS.match(host)
                or len(password) < 4
            ):
                continue
            found_specific = True
            yield make_finding(
                "secrets/password-in-url",
                path,
                number,
                f"A {scheme} connection string carries a password for {host}; move it to an "
                "environment variable or secrets manager and rotate it.",
                anchor_text=line,
            )
        if found_specific or in_test:
            return
        for assignment in ASSIGNMENT.finditer(line):
            name = assignment.group("name").strip("\"'")
            value = assignment.group("quoted") or assignment.group("bare") or ""
            snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace("-", "_")
            if (
                NOT_SECRET_NAME.search(snake)
                or CODE_LIKE.search(value)
                or NOT_A_SECRET.search(value)
            ):
                continue
            if path.endswith((".py", ".pyi")) and assignment.group("bare"):
                continue  # in Python an unquoted value is an expression, not a literal
            if not looks_random(value):
                continue
            yield make_finding(
                "secrets/hardcoded-secret",
                path,
                number,
                f"'{name}' is assigned what looks like a real secret; read it from the "
                "environment or a secrets manager and rotate the exposed value.",
                anchor_text=line,
            )
            return

    @staticmethod
    def _scan_tokens(path: str, number: int, line: str) -> Iterator[Finding]:
        """Credentials recognised by their encoding: JWTs, Basic auth, Azure account keys."""
        for match in JWT.finditer(line):
            if is_placeholder(match.group(1)) or not _decodes_to_jwt(match.group(1)):
                continue
            yield make_finding(
                "secrets/jwt",
                path,
                number,
                "A signed JWT is committed here; anyone holding it acts as its subject until it "
                "expires. Revoke it and obtain tokens at run time.",
                anchor_text=line,
            )
        for match in BASIC_AUTH.finditer(line):
            decoded = _b64(match.group(1))
            if decoded is None or ":" not in decoded:
                continue
            user, _, password = decoded.partition(":")
            if not password or is_placeholder(password) or password == user:
                continue
            yield make_finding(
                "secrets/basic-auth-header",
                path,
                number,
                f"This Basic auth header decodes to the password of '{user}'; build it from "
                "configuration (auth=(user, os.environ[...])) and rotate the password.",
                anchor_text=line,
            )
        for match in AZURE_KEY.finditer(line):
            if is_placeholder(match.group(1)) or shannon_entropy(match.group(1)) < 4.5:
                continue
            yield make_finding(
                "secrets/azure-storage-key",
                path,
                number,
                "An Azure storage account key is committed in this connection string; rotate "
                "it and read the string from the environment or Key Vault.",
                anchor_text=line,
            )

    @staticmethod
    def _key_has_body(lines: list[str], number: int) -> bool:
        """A real key block has base64 lines after the header, not '...' or a placeholder."""
        body = []
        for following in lines[number : number + 3]:
            text = following.strip().strip("\"',\\n")
            if text.startswith("-----END"):
                break
            body.append(text)
        joined = "".join(body)
        if not joined:
            # the whole key on one line ("-----BEGIN … KEY-----\nMIIE…" in a string)
            rest = lines[number - 1].split("-----", 2)[-1]
            joined = re.sub(r"\\n", "", rest)
        return bool(re.fullmatch(r"[A-Za-z0-9+/=:\- ]{40,}.*", joined)) and not is_placeholder(
            joined
        )


def _b64(value: str, url: bool = False) -> str | None:
    padded = value + "=" * (-len(value) % 4)
    try:
        raw = base64.urlsafe_b64decode(padded) if url else base64.b64decode(padded, validate=True)
        return raw.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _decodes_to_jwt(token: str) -> bool:
    header = _b64(token.split(".", 1)[0], url=True) or ""
    return '"alg"' in header.replace(" ", "")
