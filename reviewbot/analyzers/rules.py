"""The rule catalog: every rule the bot can report, with the words reporters show for it.

Reporters (SARIF's `tool.driver.rules`, the docs' rules table) read descriptions from here;
analyzers build findings with `make_finding`, which fills category, severity and CWE from
the catalog so one rule always says the same thing. Bandit's tests are registered on the
fly (`bandit/B…`) from bandit's own metadata.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewbot.review.findings import Category, Finding, Severity


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # PascalCase, SARIF's rule name
    category: Category
    severity: Severity  # the default; a detector may raise or lower it per finding
    short: str  # one line: what is wrong
    help: str  # how to fix it
    cwe: int | None = None

    @property
    def full(self) -> str:
        return f"{self.short}. {self.help}"


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    RULES.setdefault(rule.id, rule)
    return RULES[rule.id]


def get_rule(rule_id: str) -> Rule | None:
    return RULES.get(rule_id)


def make_finding(
    rule_id: str,
    path: str | None,
    line: int | None,
    message: str,
    anchor_text: str = "",
    end_line: int | None = None,
    severity: Severity | None = None,
    fix: str | None = None,
) -> Finding:
    rule = RULES[rule_id]
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=severity if severity is not None else rule.severity,
        message=message,
        path=path,
        line=line,
        end_line=end_line,
        cwe=rule.cwe,
        fix=fix if fix is not None else rule.help,
        anchor_text=anchor_text,
    )


S, Q, BP = Category.SECURITY, Category.CODE_QUALITY, Category.BEST_PRACTICES

# fmt: off
for _rule in [
    # --- Python: injection and input validation -------------------------------------------
    Rule("python/sql-injection", "SqlInjection", S, Severity.HIGH,
         "SQL query built from strings passed to execute()",
         "Pass values as query parameters (cursor.execute(sql, params)) instead of "
         "formatting them into the SQL text.", 89),
    Rule("python/os-command-injection", "OsCommandInjection", S, Severity.HIGH,
         "Shell command built from variable data",
         "Pass an argument list without shell=True (subprocess.run([...])), or quote each "
         "value with shlex.quote.", 78),
    Rule("python/subprocess-shell", "SubprocessShell", S, Severity.LOW,
         "Subprocess started through a shell",
         "Pass the command as a list and drop shell=True; a shell adds quoting and "
         "injection pitfalls the code does not need.", 78),
    Rule("python/code-injection", "CodeInjection", S, Severity.HIGH,
         "eval()/exec() on a value that is not a constant",
         "Parse data with ast.literal_eval or json.loads; never evaluate strings that may "
         "come from outside.", 95),
    Rule("python/path-traversal", "PathTraversal", Category.INPUT_VALIDATION, Severity.HIGH,
         "File path built from request data",
         "Reduce the name with werkzeug.utils.secure_filename or os.path.basename, or "
         "resolve the path and check it stays under the intended directory.", 22),
    Rule("python/log-injection", "LogInjection", Category.INPUT_VALIDATION, Severity.MEDIUM,
         "Request data written to a log unescaped",
         "Strip CR/LF from the value (value.replace('\\r', '').replace('\\n', '')) or log "
         "it with %r so forged log lines cannot be injected.", 117),
    Rule("python/xxe", "XmlExternalEntities", S, Severity.HIGH,
         "XML parser configured to resolve external entities",
         "Keep entity resolution off (resolve_entities=False, no feature_external_ges) or "
         "parse with defusedxml.", 611),
    Rule("python/insecure-deserialization", "InsecureDeserialization", S, Severity.HIGH,
         "Deserializing data with a loader that can run code",
         "Use json, or yaml.safe_load / Loader=yaml.SafeLoader; unpickle only data this "
         "program wrote and nobody else could change.", 502),
    # --- Python: cryptography and transport ----------------------------------------------
    Rule("python/weak-hash", "WeakHash", S, Severity.LOW,
         "MD5/SHA-1 used where a strong hash may be needed",
         "Use hashlib.sha256 (or a password KDF such as hashlib.scrypt for passwords); "
         "for checksums that are not security, pass usedforsecurity=False.", 328),
    Rule("python/tls-verify-disabled", "TlsVerificationDisabled", S, Severity.HIGH,
         "TLS certificate verification disabled",
         "Keep verification on; point verify= at a CA bundle for private certificates.", 295),
    Rule("python/insecure-tempfile", "InsecureTempFile", S, Severity.MEDIUM,
         "Temporary file created with a predictable name",
         "Use tempfile.NamedTemporaryFile / mkstemp / TemporaryDirectory, which create "
         "the file atomically with safe permissions.", 377),
    Rule("python/insecure-file-permissions", "InsecureFilePermissions", S, Severity.MEDIUM,
         "File or directory made writable by every user",
         "Grant the least permissions needed (e.g. 0o600 for files, 0o700 for "
         "directories).", 732),
    # --- Python: reliability ---------------------------------------------------------------
    Rule("python/requests-no-timeout", "RequestWithoutTimeout", BP, Severity.MEDIUM,
         "HTTP request without a timeout",
         "Pass timeout=(connect, read) seconds; without it a stalled server hangs this "
         "call forever.", 400),
    Rule("python/resource-leak", "ResourceLeak", Category.RESOURCE_LEAKS, Severity.MEDIUM,
         "Resource opened and never closed",
         "Open it in a with statement (with open(...) as f:) or close it in a finally "
         "block.", 772),
    Rule("python/swallowed-exception", "SwallowedException", Q, Severity.LOW,
         "Broad exception caught and silently ignored",
         "Catch the specific exceptions you expect, and log or re-raise the rest; a silent "
         "'except Exception: pass' hides real failures.", 390),
    Rule("python/bare-except", "BareExcept", Q, Severity.LOW,
         "Bare 'except:' also catches KeyboardInterrupt and SystemExit",
         "Catch Exception (or narrower) instead, or re-raise.", 396),
    Rule("python/mutable-default-argument", "MutableDefaultArgument", BP, Severity.MEDIUM,
         "Mutable default argument shared between calls",
         "Default to None and create the list/dict/set inside the function.", None),
    Rule("python/identity-with-literal", "IdentityWithLiteral", Q, Severity.MEDIUM,
         "'is' compares identity, not value, with a literal",
         "Use == / != for values; keep 'is' for None, True and False.", 595),
    Rule("python/modify-while-iterating", "ModifyWhileIterating", Q, Severity.MEDIUM,
         "Collection changed while a loop iterates over it",
         "Iterate over a copy (for x in list(items)) or build a new collection.", None),
    Rule("python/naive-datetime", "NaiveDatetime", BP, Severity.LOW,
         "Naive datetime (no time zone)",
         "Use datetime.now(timezone.utc) / datetime.fromtimestamp(ts, tz=timezone.utc); "
         "utcnow() and utcfromtimestamp() are deprecated and return naive values.", None),
    Rule("python/debug-leftover", "DebugLeftover", Q, Severity.MEDIUM,
         "Debugger call left in the code",
         "Remove the breakpoint()/pdb call before merging; it stops the process waiting "
         "for a terminal.", 489),
    # --- AWS -------------------------------------------------------------------------------
    Rule("aws/missing-pagination", "MissingPagination", Category.AWS_BEST_PRACTICES,
         Severity.MEDIUM, "AWS list call reads only the first page of results",
         "Use the client's paginator (client.get_paginator(...).paginate(...)) or loop on "
         "the continuation token; one call returns at most one page.", None),
    # --- Secrets ---------------------------------------------------------------------------
    Rule("secrets/aws-access-key", "AwsAccessKey", Category.SECRETS, Severity.CRITICAL,
         "AWS access key id in the source",
         "Revoke the key in IAM, remove it from history, and load credentials from the "
         "environment, an instance role or a secrets manager.", 798),
    Rule("secrets/aws-secret-key", "AwsSecretKey", Category.SECRETS, Severity.CRITICAL,
         "AWS secret access key in the source",
         "Revoke the key in IAM, remove it from history, and load credentials from the "
         "environment, an instance role or a secrets manager.", 798),
    Rule("secrets/private-key", "PrivateKey", Category.SECRETS, Severity.CRITICAL,
         "Private key committed to the repository",
         "Revoke and rotate the key pair; keep keys in a secrets store, not in git.", 321),
    Rule("secrets/token", "ServiceToken", Category.SECRETS, Severity.CRITICAL,
         "Service token (GitHub, GitLab, Slack, Stripe, PyPI, npm, Google) in the source",
         "Revoke the token at its provider and read it from the environment or a secrets "
         "manager.", 798),
    Rule("secrets/password-in-url", "PasswordInUrl", Category.SECRETS, Severity.HIGH,
         "Password embedded in a connection string",
         "Move the password out of the URL into an environment variable or secrets "
         "manager, and rotate it.", 798),
    Rule("secrets/hardcoded-secret", "HardcodedSecret", Category.SECRETS, Severity.HIGH,
         "Secret-looking value assigned to a secret-looking name",
         "Read it from the environment or a secrets manager and rotate the exposed "
         "value.", 798),
    # --- Change level ----------------------------------------------------------------------
    Rule("change/large-change", "LargeChange", Q, Severity.LOW,
         "Very large change",
         "Split it into smaller pull requests; review quality drops sharply past a few "
         "hundred lines.", None),
    Rule("change/no-test-change", "NoTestChange", Q, Severity.LOW,
         "Source changed without a test change",
         "Add or update tests that exercise the changed code.", None),
    Rule("change/ci-deploy-change", "CiDeployChange", S, Severity.MEDIUM,
         "CI or deployment configuration changed",
         "Have someone who owns the pipeline review it: these files run with deploy "
         "credentials.", None),
    Rule("change/auth-sensitive-change", "AuthSensitiveChange", S, Severity.MEDIUM,
         "Authentication / authorization code changed",
         "Ask for a security-minded reviewer and make sure tests cover the denied cases.",
         None),
    Rule("change/migration", "DatabaseMigration", Q, Severity.LOW,
         "Database migration in the change",
         "Check it runs on a live database without long locks, is backward compatible with "
         "the running code, and can be rolled back.", None),
    Rule("change/new-dependency", "NewDependency", Category.DEPENDENCIES, Severity.LOW,
         "New third-party dependencies",
         "Check each one's licence, maintenance and provenance, and that it is served by "
         "the internal registry.", None),
]:
    register(_rule)
# fmt: on


_BANDIT_FIX = "See bandit's documentation for this test and prefer the safe API it names."


def bandit_rule(test_id: str, test_name: str, cwe: int | None, text: str) -> Rule:
    """The catalog entry for a bandit test, registered the first time it fires."""
    rule_id = f"bandit/{test_id}"
    if rule_id in RULES:
        return RULES[rule_id]
    name = "".join(part.capitalize() for part in test_name.split("_")) or test_id
    return register(
        Rule(
            rule_id,
            name,
            Category.SECURITY,
            Severity.MEDIUM,
            f"bandit {test_id} ({test_name.replace('_', ' ')}): {text.rstrip('.')}",
            _BANDIT_FIX,
            cwe,
        )
    )
