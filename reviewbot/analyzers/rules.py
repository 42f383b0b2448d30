"""The rule catalog: every rule the bot can report, with the words reporters show for it.

Reporters (SARIF's `tool.driver.rules`, the docs' rules table) read descriptions from here;
analyzers build findings with `make_finding`, which fills category, severity and CWE from
the catalog so one rule always says the same thing. Bandit's tests are registered on the
fly (`bandit/B…`) from bandit's own metadata.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewbot.review.findings import Category, Finding, FlowStep, Severity


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
    flow: tuple[FlowStep, ...] = (),
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
        flow=flow,
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
    Rule("python/ssrf", "ServerSideRequestForgery", S, Severity.HIGH,
         "Outgoing request to a URL or host taken from user input",
         "Check the host against an allow-list (or build the URL from a fixed base and a "
         "validated path) before fetching it.", 918),
    Rule("python/open-redirect", "OpenRedirect", Category.INPUT_VALIDATION, Severity.MEDIUM,
         "Redirect to a URL taken from user input",
         "Redirect only to relative paths or allow-listed hosts "
         "(url_has_allowed_host_and_scheme), or to a url_for() target.", 601),
    Rule("python/xss", "CrossSiteScripting", S, Severity.HIGH,
         "User input written into HTML without escaping",
         "Render through an auto-escaping template, or escape the value with "
         "markupsafe.escape / html.escape before marking it safe.", 79),
    Rule("python/ldap-xpath-injection", "LdapXpathInjection", S, Severity.HIGH,
         "LDAP filter or XPath query built from user input",
         "Escape the value (ldap.filter.escape_filter_chars) or pass it as an XPath "
         "variable ($name with keyword arguments) instead of formatting it in.", 90),
    Rule("python/redos", "RegexFromUserInput", S, Severity.MEDIUM,
         "Regular expression compiled from user input",
         "Escape the value with re.escape, or match it as plain text; a crafted pattern "
         "can take exponential time (ReDoS).", 1333),
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
         "File or directory made writable by its group or every user",
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
    # --- Python: cryptography (crypto_tls.py); each help ends with an example fix -----------
    Rule("python/weak-cipher", "WeakCipher", S, Severity.HIGH,
         "Broken cipher or mode (DES, 3DES, RC4, Blowfish, ECB)",
         "Use AES-GCM or ChaCha20-Poly1305, e.g. AESGCM(key).encrypt(nonce, data, None) "
         "with a fresh 12-byte nonce from os.urandom.", 327),
    Rule("python/weak-kdf", "WeakKeyDerivation", S, Severity.HIGH,
         "Password hashed with too few PBKDF2 iterations or a weak digest",
         "Use at least 600,000 iterations of SHA-256, e.g. hashlib.pbkdf2_hmac('sha256', "
         "pw, salt, 600_000), or hashlib.scrypt / argon2.", 916),
    Rule("python/small-key-size", "SmallKeySize", S, Severity.HIGH,
         "RSA/DSA key shorter than 2048 bits",
         "Generate at least 2048-bit keys (3072 for long-lived ones), e.g. "
         "rsa.generate_private_key(public_exponent=65537, key_size=3072).", 326),
    Rule("python/insecure-random", "InsecureRandom", S, Severity.MEDIUM,
         "random module used for a secret, token or password",
         "random is predictable; use the secrets module, e.g. secrets.token_urlsafe(32) "
         "or secrets.choice(alphabet).", 338),
    Rule("python/jwt-unverified", "JwtWithoutVerification", S, Severity.HIGH,
         "JWT decoded without verifying its signature (or accepting alg 'none')",
         "Verify with the expected key and a fixed algorithm list, e.g. jwt.decode(token, "
         "key, algorithms=['RS256']).", 347),
    Rule("python/weak-tls-version", "WeakTlsVersion", S, Severity.HIGH,
         "SSL 2/3 or TLS 1.0/1.1 allowed",
         "Require TLS 1.2 or later, e.g. ctx = ssl.create_default_context(); "
         "ctx.minimum_version = ssl.TLSVersion.TLSv1_2.", 326),
    # --- Python: web framework configuration (web_config.py) -----------------------------
    Rule("python/debug-enabled", "DebugModeEnabled", S, Severity.HIGH,
         "Framework debug mode switched on in code",
         "Debug pages run code and leak settings; read it from the environment, e.g. "
         "DEBUG = os.environ.get('DJANGO_DEBUG') == '1', and never app.run(debug=True) "
         "in a deployed module.", 489),
    Rule("python/hardcoded-secret-key", "HardcodedSecretKey", Category.SECRETS, Severity.HIGH,
         "Framework SECRET_KEY written in the source",
         "Anyone with the source can forge sessions; load it at start-up, e.g. "
         "SECRET_KEY = os.environ['SECRET_KEY'], and rotate the committed value.", 798),
    Rule("python/insecure-cookie", "InsecureCookie", S, Severity.MEDIUM,
         "Cookie sent without Secure, HttpOnly or SameSite",
         "Set the flags, e.g. resp.set_cookie('session', sid, secure=True, httponly=True, "
         "samesite='Lax'), or SESSION_COOKIE_SECURE = True in settings.", 614),
    Rule("python/csrf-disabled", "CsrfProtectionDisabled", S, Severity.MEDIUM,
         "CSRF protection switched off",
         "Keep CSRF checks on and send the token from the client; exempt only endpoints "
         "that authenticate without cookies (e.g. signed webhooks) and verify their "
         "signature instead.", 352),
    # --- Python: ML frameworks (ml.py) ---------------------------------------------------
    Rule("ml/torch-load-unsafe", "TorchLoadUnsafe", S, Severity.HIGH,
         "torch.load without weights_only=True unpickles arbitrary code",
         "Load tensors only, e.g. torch.load(path, weights_only=True, map_location='cpu'), "
         "or use safetensors.torch.load_file.", 502),
    Rule("ml/unsafe-model-load", "UnsafeModelLoad", S, Severity.HIGH,
         "Model loaded in a way that can run code from the file",
         "Load with safe_mode=True and no custom_objects from untrusted paths, "
         "np.load(path, allow_pickle=False), or a weights-only format such as "
         "safetensors.", 502),
    Rule("ml/missing-eval-mode", "MissingEvalMode", Q, Severity.MEDIUM,
         "Inference without model.eval() or torch.no_grad()",
         "Call model.eval() before predicting and wrap it in torch.inference_mode() (or "
         "no_grad()), e.g. model.eval(); with torch.inference_mode(): out = model(x); "
         "otherwise dropout/batch-norm stay in training mode and gradients use memory.",
         None),
    Rule("ml/missing-seed", "MissingRandomSeed", Q, Severity.LOW,
         "Randomised step without a seed in code that claims to be reproducible",
         "Pass a fixed seed, e.g. train_test_split(X, y, random_state=SEED), and seed "
         "random, numpy and torch once at start-up.", 330),
    # --- Python: correctness (correctness.py) --------------------------------------------
    Rule("python/compare-to-none", "CompareToNone", Q, Severity.LOW,
         "Comparison to None with == or !=",
         "Use 'is None' / 'is not None': == calls __eq__, which objects such as numpy "
         "arrays and ORM columns override.", 595),
    Rule("python/finally-control-flow", "ControlFlowInFinally", Q, Severity.HIGH,
         "return/break/continue inside finally swallows the exception in flight",
         "Move the return after the try statement, e.g. try: ... finally: cleanup() "
         "then return result.", 584),
    Rule("python/assert-on-tuple", "AssertOnTuple", Q, Severity.HIGH,
         "assert on a non-empty tuple is always true",
         "Drop the parentheses, e.g. assert x > 0, 'x must be positive'.", 570),
    Rule("python/missing-await", "MissingAwait", Q, Severity.HIGH,
         "Coroutine called without await: it never runs",
         "Await it (await send(msg)) or schedule it (asyncio.create_task(send(msg))) and "
         "keep the task.", None),
    Rule("python/late-binding-closure", "LateBindingClosure", Q, Severity.MEDIUM,
         "Function created in a loop reads the loop variable when called, not when created",
         "Bind the current value as a default argument, e.g. lambda x=x: handle(x), or "
         "use functools.partial(handle, x).", None),
    Rule("python/lock-not-released", "LockNotReleased", Category.CONCURRENCY, Severity.HIGH,
         "Lock acquired without a guaranteed release",
         "Use the lock as a context manager, e.g. with lock: ..., or release it in a "
         "finally block.", 667),
    # --- AWS -------------------------------------------------------------------------------
    Rule("aws/client-in-loop", "ClientCreatedInLoop", Category.AWS_BEST_PRACTICES,
         Severity.MEDIUM, "boto3 client or resource created inside a loop or per request",
         "Create the client once (module level, or outside the loop) and reuse it: each "
         "creation loads the service model and opens new connections.", None),
    Rule("aws/unchecked-partial-failure", "UncheckedPartialFailure",
         Category.AWS_BEST_PRACTICES, Severity.HIGH,
         "Batch call result not checked for failed records",
         "Batch APIs succeed with partial failures; check FailedRecordCount / "
         "UnprocessedItems / Failed and retry those, e.g. while resp['UnprocessedItems']: "
         "resp = client.batch_write_item(RequestItems=resp['UnprocessedItems']).", 252),
    Rule("aws/public-acl", "PublicAcl", S, Severity.HIGH,
         "S3 object or bucket made public with a canned ACL",
         "Keep objects private and share them with presigned URLs, e.g. "
         "s3.generate_presigned_url('get_object', Params=..., ExpiresIn=3600).", 732),
    Rule("aws/unencrypted-resource", "UnencryptedResource", S, Severity.MEDIUM,
         "Queue, topic or bucket created without encryption at rest",
         "Turn on encryption, e.g. Attributes={'SqsManagedSseEnabled': 'true'} or "
         "KmsMasterKeyId for SQS/SNS, encryption=s3.BucketEncryption.S3_MANAGED in CDK.",
         311),
    Rule("aws/hardcoded-credentials", "HardcodedAwsCredentials", Category.SECRETS,
         Severity.CRITICAL, "AWS credentials passed as literals",
         "Drop the key arguments and let boto3 find credentials (environment, profile, "
         "instance role); rotate the committed key.", 798),
    Rule("aws/hardcoded-region", "HardcodedRegion", Category.AWS_BEST_PRACTICES,
         Severity.LOW, "AWS region written into the client call",
         "Read the region from configuration (AWS_REGION / a profile) so the code runs in "
         "every region, e.g. boto3.client('s3').", None),
    Rule("aws/polling-instead-of-waiter", "PollingInsteadOfWaiter",
         Category.AWS_BEST_PRACTICES, Severity.LOW,
         "Sleep-and-describe loop where a boto3 waiter exists",
         "Use the waiter, e.g. client.get_waiter('instance_running').wait(InstanceIds=ids).",
         None),
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
