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
    # --- Rule packs, second round (issue 11): each help names the fix with an example ------
    # crypto (crypto_tls.py, secrets_code.py)
    Rule("python/fast-password-hash", "FastPasswordHash", S, Severity.HIGH,
         "Password hashed with a fast general-purpose hash",
         "Use a password KDF, e.g. hashlib.scrypt(pw, salt=salt, n=2**14, r=8, p=1) or "
         "argon2.PasswordHasher().hash(pw); SHA-2 is built to be fast, so guessing is cheap.",
         916),
    Rule("python/static-iv", "StaticIv", S, Severity.HIGH,
         "Cipher initialised with a constant IV or nonce",
         "Generate a fresh IV/nonce per message, e.g. nonce = os.urandom(12); "
         "AESGCM(key).encrypt(nonce, data, None), and store it beside the ciphertext.", 329),
    Rule("python/hardcoded-crypto-key", "HardcodedCryptoKey", Category.SECRETS, Severity.HIGH,
         "Encryption or MAC key written in the source",
         "Load the key at start-up, e.g. Fernet(os.environ['FERNET_KEY']) or "
         "hmac.new(os.environb[b'HOOK_KEY'], body, 'sha256'), and rotate the committed one.",
         321),
    Rule("python/weak-ec-curve", "WeakEllipticCurve", S, Severity.HIGH,
         "Elliptic curve smaller than 224 bits",
         "Use P-256 or stronger, e.g. ec.generate_private_key(ec.SECP256R1()), or Ed25519.",
         326),
    Rule("python/rsa-pkcs1v15-encryption", "RsaPkcs1v15Encryption", S, Severity.MEDIUM,
         "RSA encryption with PKCS#1 v1.5 padding (padding-oracle attacks)",
         "Use OAEP, e.g. key.encrypt(data, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), "
         "algorithm=hashes.SHA256(), label=None)), or PKCS1_OAEP.new(key) in PyCryptodome.",
         780),
    Rule("python/timing-unsafe-compare", "TimingUnsafeCompare", S, Severity.MEDIUM,
         "Signature, MAC or token compared with ==",
         "Compare in constant time, e.g. hmac.compare_digest(expected, received); == stops "
         "at the first differing byte, which leaks the right value byte by byte.", 208),
    Rule("python/hardcoded-jwt-secret", "HardcodedJwtSecret", Category.SECRETS, Severity.HIGH,
         "JWT signed or verified with a key written in the source",
         "Read the key at start-up, e.g. jwt.encode(claims, os.environ['JWT_SECRET'], "
         "algorithm='HS256'), and rotate the committed one.", 798),
    # TLS and transport (crypto_tls.py)
    Rule("python/ssh-host-key-unverified", "SshHostKeyUnverified", S, Severity.HIGH,
         "SSH client accepts any host key",
         "Load known hosts and reject unknown keys, e.g. client.load_system_host_keys(); "
         "client.set_missing_host_key_policy(paramiko.RejectPolicy()).", 295),
    Rule("python/cleartext-protocol", "CleartextProtocol", S, Severity.MEDIUM,
         "Login or data sent over a clear-text protocol (FTP, Telnet)",
         "Use the TLS variant, e.g. ftps = ftplib.FTP_TLS(host); ftps.login(u, p); "
         "ftps.prot_p(), or SFTP/SSH instead of Telnet.", 319),
    Rule("python/ssl-wrap-socket", "SslWrapSocket", S, Severity.HIGH,
         "ssl.wrap_socket checks neither the certificate nor the host name",
         "Use a context, e.g. ctx = ssl.create_default_context(); "
         "ctx.wrap_socket(sock, server_hostname=host).", 295),
    Rule("python/weak-tls-ciphers", "WeakTlsCiphers", S, Severity.HIGH,
         "TLS cipher list allows NULL, export, RC4, DES or MD5 suites",
         "Keep the default list of ssl.create_default_context(), or name only AEAD suites, "
         "e.g. ctx.set_ciphers('ECDHE+AESGCM:ECDHE+CHACHA20').", 327),
    Rule("python/grpc-insecure-channel", "GrpcInsecureChannel", S, Severity.MEDIUM,
         "gRPC channel to a remote host without TLS",
         "Use TLS, e.g. grpc.secure_channel(target, grpc.ssl_channel_credentials()); keep "
         "insecure_channel for localhost and unix sockets.", 319),
    Rule("python/tls-warnings-disabled", "TlsWarningsDisabled", S, Severity.MEDIUM,
         "urllib3's InsecureRequestWarning silenced",
         "Fix verification instead of hiding the warning: point verify= at the CA bundle, "
         "e.g. requests.get(url, verify='/etc/ssl/internal-ca.pem', timeout=10).", 295),
    # web framework configuration (web_config.py)
    Rule("python/allowed-hosts-wildcard", "AllowedHostsWildcard", S, Severity.MEDIUM,
         "Django ALLOWED_HOSTS accepts any Host header",
         "List the real host names, e.g. ALLOWED_HOSTS = os.environ['ALLOWED_HOSTS']"
         ".split(','); a wildcard lets a forged Host header poison password-reset links.",
         20),
    Rule("python/cors-wildcard-credentials", "CorsWildcardWithCredentials", S, Severity.HIGH,
         "CORS allows every origin together with credentials",
         "Name the trusted origins, e.g. CORS(app, origins=['https://app.example.com'], "
         "supports_credentials=True); any site could otherwise read users' data.", 942),
    Rule("python/password-validation-disabled", "PasswordValidationDisabled", S,
         Severity.MEDIUM, "Django password validators switched off",
         "Keep AUTH_PASSWORD_VALIDATORS, at least e.g. [{'NAME': 'django.contrib.auth."
         "password_validation.MinimumLengthValidator'}, {'NAME': '...CommonPasswordValidator'}].",
         521),
    Rule("python/weak-password-hasher", "WeakPasswordHasher", S, Severity.HIGH,
         "Django hashes new passwords with an MD5/SHA-1/unsalted hasher",
         "Put a strong hasher first, e.g. PASSWORD_HASHERS = ['django.contrib.auth.hashers."
         "Argon2PasswordHasher', 'django.contrib.auth.hashers.PBKDF2PasswordHasher'].", 916),
    Rule("python/modelform-all-fields", "ModelFormAllFields", S, Severity.MEDIUM,
         "Form or serializer accepts every model field (mass assignment)",
         "List the editable fields, e.g. fields = ['title', 'body']; '__all__' lets a posted "
         "form set fields such as is_staff or owner.", 915),
    # AWS (aws.py)
    Rule("aws/public-access-block-disabled", "PublicAccessBlockDisabled", S, Severity.HIGH,
         "S3 Block Public Access switched off",
         "Keep all four settings on, e.g. PublicAccessBlockConfiguration={'BlockPublicAcls': "
         "True, 'IgnorePublicAcls': True, 'BlockPublicPolicy': True, 'RestrictPublicBuckets': "
         "True}, or block_public_access=s3.BlockPublicAccess.BLOCK_ALL in CDK.", 732),
    Rule("aws/unencrypted-storage", "UnencryptedStorage", S, Severity.MEDIUM,
         "EBS volume or RDS database created without encryption at rest",
         "Pass Encrypted=True (EBS) / StorageEncrypted=True (RDS), or storage_encrypted=True "
         "for CDK's rds.DatabaseInstance.", 311),
    Rule("aws/iam-wildcard-policy", "IamWildcardPolicy", S, Severity.HIGH,
         "IAM policy allows every action on every resource",
         "Name the actions and resources, e.g. {'Effect': 'Allow', 'Action': ['s3:GetObject'], "
         "'Resource': 'arn:aws:s3:::reports/*'}.", 269),
    Rule("aws/open-security-group", "OpenSecurityGroup", S, Severity.HIGH,
         "Security group opens SSH, RDP, a database or every port to the internet",
         "Allow only known networks or security groups, e.g. CidrIp='10.0.0.0/16', and use "
         "SSM Session Manager instead of opening SSH.", 284),
    Rule("aws/sqs-short-polling", "SqsShortPolling", Category.AWS_BEST_PRACTICES,
         Severity.LOW, "SQS receive loop without long polling",
         "Pass WaitTimeSeconds=20 (and MaxNumberOfMessages=10), e.g. "
         "sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20): short polls cost a request "
         "each and can miss messages.", None),
    Rule("aws/ssm-plaintext-secret", "SsmPlaintextSecret", S, Severity.MEDIUM,
         "Secret stored as a plain String SSM parameter",
         "Store it encrypted, e.g. ssm.put_parameter(Name=name, Value=v, "
         "Type='SecureString'), or in Secrets Manager.", 312),
    # ML frameworks (ml.py)
    Rule("ml/trust-remote-code", "TrustRemoteCode", S, Severity.HIGH,
         "Hugging Face model loaded with trust_remote_code=True",
         "Use an architecture that ships with transformers, or read the repository's code and "
         "pin it, e.g. from_pretrained(name, revision='<commit sha>', trust_remote_code=True).",
         94),
    Rule("ml/unpinned-model-revision", "UnpinnedModelRevision", S, Severity.MEDIUM,
         "Hub model or dataset downloaded without a pinned revision",
         "Pin the commit, e.g. from_pretrained('org/model', revision='<40-char sha>'), so a "
         "later push to the hub repository cannot change what this code loads.", 494),
    Rule("ml/missing-zero-grad", "MissingZeroGrad", Q, Severity.HIGH,
         "Training loop never resets gradients",
         "Call optimizer.zero_grad() every step, e.g. optimizer.zero_grad(); loss.backward(); "
         "optimizer.step(); otherwise gradients add up across batches.", None),
    Rule("ml/loss-keeps-graph", "LossKeepsGraph", Q, Severity.MEDIUM,
         "Running total accumulates loss tensors (and their autograd graphs)",
         "Accumulate a number, e.g. running_loss += loss.item(); adding the tensor keeps "
         "every batch's graph alive until the epoch ends.", 401),
    Rule("ml/preprocessing-before-split", "PreprocessingBeforeSplit", Q, Severity.HIGH,
         "Preprocessing fitted on all data before the train/test split (data leakage)",
         "Split first and fit on the training part only, e.g. scaler.fit(X_train), or put the "
         "step in a Pipeline; the test score is otherwise optimistic.", None),
    Rule("ml/torch-hub-unpinned", "TorchHubUnpinned", S, Severity.HIGH,
         "torch.hub.load runs code from a repository branch that can change",
         "Pin a tag or commit, e.g. torch.hub.load('pytorch/vision:v0.17.0', 'resnet50'), or "
         "vendor the model code.", 494),
    Rule("ml/cudnn-nondeterministic", "CudnnNondeterministic", Q, Severity.LOW,
         "cuDNN auto-tuner on in code that says it is reproducible",
         "Set torch.backends.cudnn.benchmark = False and torch.use_deterministic_algorithms"
         "(True) when runs must repeat.", None),
    # resources (resources.py)
    Rule("python/unclosed-inline-open", "InlineOpenNotClosed", Category.RESOURCE_LEAKS,
         Severity.LOW, "File opened inline and never closed",
         "Read it in a with block, e.g. with open(path) as f: data = json.load(f), or use "
         "pathlib.Path(path).read_text().", 772),
    Rule("python/cache-on-method", "CacheOnMethod", Category.RESOURCE_LEAKS, Severity.MEDIUM,
         "functools.lru_cache/cache on a method keeps every instance alive",
         "Cache a module-level function, use functools.cached_property, or keep a "
         "per-instance cache created in __init__.", 401),
    Rule("python/temp-dir-leak", "TempDirLeak", Category.RESOURCE_LEAKS, Severity.MEDIUM,
         "Temporary directory created and never removed",
         "Use with tempfile.TemporaryDirectory() as tmp: ..., or shutil.rmtree(tmp) in a "
         "finally block.", 459),
    Rule("python/subprocess-unchecked", "SubprocessUnchecked", BP, Severity.MEDIUM,
         "subprocess.run result ignored: a failing command goes unnoticed",
         "Pass check=True, e.g. subprocess.run(['make', 'dist'], check=True), or read "
         "returncode.", 252),
    Rule("python/blocking-call-in-async", "BlockingCallInAsync", Category.CONCURRENCY,
         Severity.MEDIUM, "Blocking call inside an async function stalls the event loop",
         "Use the async form, e.g. await asyncio.sleep(1), httpx.AsyncClient().get(...), or "
         "await asyncio.to_thread(blocking_fn, arg).", None),
    # correctness (correctness.py)
    Rule("python/dangling-task", "DanglingTask", Category.CONCURRENCY, Severity.MEDIUM,
         "asyncio task created and not kept; it may be garbage-collected mid-run",
         "Keep a reference until it finishes, e.g. task = asyncio.create_task(job()); "
         "tasks.add(task); task.add_done_callback(tasks.discard).", None),
    Rule("python/useless-comparison", "UselessComparison", Q, Severity.MEDIUM,
         "Comparison used as a statement; its result is discarded",
         "Assert or assign it, e.g. assert status == 200, or status = 200 if an assignment "
         "was meant.", 482),
    Rule("python/loop-variable-shadows-iterable", "LoopVariableOverridesIterable", Q,
         Severity.MEDIUM, "Loop variable has the same name as what it iterates",
         "Rename one, e.g. for item in items:; the iterable's name is lost after the loop.",
         None),
    Rule("python/duplicate-dict-key", "DuplicateDictKey", Q, Severity.MEDIUM,
         "Dictionary literal repeats a key; the earlier value is silently dropped",
         "Remove the duplicate or fix the key's name, e.g. {'host': h, 'port': p}.", 462),
    Rule("python/raise-not-implemented", "RaiseNotImplemented", Q, Severity.MEDIUM,
         "raise NotImplemented raises a TypeError, not the intended exception",
         "Raise NotImplementedError, e.g. raise NotImplementedError('subclasses define "
         "render()').", None),
    Rule("python/exception-not-raised", "ExceptionNotRaised", Q, Severity.HIGH,
         "Exception created but never raised",
         "Add raise, e.g. raise ValueError(f'bad port: {port}').", None),
    Rule("python/assign-inplace-result", "AssignInPlaceResult", Q, Severity.HIGH,
         "Result of an in-place method (sort, append, update...) assigned; it is None",
         "Call it on its own (items.sort()) or use the copying form, e.g. "
         "items = sorted(items).", None),
    Rule("python/re-flags-as-count", "ReFlagsAsCount", Q, Severity.HIGH,
         "re flags passed positionally where count/maxsplit is expected",
         "Pass flags by keyword, e.g. re.sub(pattern, repl, text, flags=re.IGNORECASE).", 628),
    Rule("python/format-args-mismatch", "FormatArgsMismatch", Q, Severity.HIGH,
         "Format string placeholders and arguments do not match",
         "Give one argument per placeholder, e.g. '{} of {}'.format(done, total) or "
         "'%s=%s' % (key, value).", 685),
    Rule("python/unreachable-except", "UnreachableExcept", Q, Severity.MEDIUM,
         "except clause can never run: an earlier clause already catches its exceptions",
         "Put the narrower clause first, e.g. except FileNotFoundError: ... before "
         "except OSError: ....", 561),
    # secrets in code (secrets_code.py)
    Rule("python/secret-in-log", "SecretInLog", Category.SECRETS, Severity.MEDIUM,
         "Password, token or key written to a log",
         "Log that it was used, not its value, e.g. log.info('token refreshed for %s', "
         "user_id), or a masked form such as token[:4] + '...'.", 532),
    Rule("secrets/jwt", "JwtInSource", Category.SECRETS, Severity.HIGH,
         "Signed JSON Web Token in the source",
         "Tokens are bearer credentials: revoke or let it expire, and obtain tokens at run "
         "time, e.g. from os.environ['API_TOKEN'] or an auth flow.", 798),
    Rule("secrets/basic-auth-header", "BasicAuthHeader", Category.SECRETS, Severity.HIGH,
         "HTTP Basic credentials written in the source",
         "Build the header from configuration, e.g. requests.get(url, auth=(user, "
         "os.environ['API_PASSWORD'])), and rotate the password.", 798),
    Rule("secrets/azure-storage-key", "AzureStorageKey", Category.SECRETS, Severity.CRITICAL,
         "Azure storage account key in a connection string",
         "Rotate the account key and read the connection string from the environment or "
         "Key Vault, e.g. os.environ['AZURE_STORAGE_CONNECTION_STRING'].", 798),
    # permissions (filesystem.py)
    Rule("python/key-file-permissions", "PrivateKeyWorldReadable", S, Severity.HIGH,
         "Private key written to a file created with default (world-readable) permissions",
         "Create the file owner-only, e.g. fd = os.open(path, os.O_WRONLY | os.O_CREAT | "
         "os.O_TRUNC, 0o600); with os.fdopen(fd, 'wb') as f: f.write(pem).", 276),
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
