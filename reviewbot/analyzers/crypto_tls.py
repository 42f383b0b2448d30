"""Cryptography and transport security: weak hashes where security may depend on them, and
TLS certificate or host name checks turned off (per call or on a session/context)."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.python.ast_utils import HTTP_METHODS, const_str, dotted, is_const, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family
from reviewbot.review.findings import Severity

WEAK_HASHES = {"md5", "sha1", "md4", "md5-sha1", "ripemd160"}
SECURITY_WORDS = re.compile(r"pass(word|wd)?|secret|token|sign|auth|credential|\bpin\b", re.I)

detectors = Family("crypto_tls")


@detectors.call
def weak_hash(context: FileContext, call: CallSite, scope: Scope) -> None:
    qual, node = call.qual, call.node
    algorithm = None
    security = False
    if qual in {"hashlib.md5", "hashlib.sha1"}:
        algorithm = qual.split(".")[1]
    elif qual == "hashlib.new" and (const_str(call.first) or "").lower() in WEAK_HASHES:
        algorithm = (const_str(call.first) or "").lower()
    not_for_security = is_const(kwarg(node, "usedforsecurity"), False)
    if algorithm and not not_for_security:
        around = context.line_text(node) + " " + scope.function_name
        security = bool(SECURITY_WORDS.search(around))
    if algorithm and not security and algorithm == "sha1":
        # SHA-1 names things (git, websockets, caches); flag it only in security use
        algorithm = None
    if algorithm and not not_for_security:
        context.report(
            "python/weak-hash",
            node,
            f"{algorithm.upper()} is broken for security use"
            + (" and this looks like a password/token hash" if security else "")
            + ". Use hashlib.sha256 (hashlib.scrypt for passwords), or pass "
            "usedforsecurity=False for a non-security checksum.",
            severity=Severity.HIGH if security else Severity.LOW,
        )


@detectors.call
def tls_verification_call(context: FileContext, call: CallSite, scope: Scope) -> None:
    qual, attr, node = call.qual, call.attr, call.node
    root = qual.split(".")[0]
    verify = kwarg(node, "verify")
    if isinstance(verify, ast.Name):  # VERIFY = False at module level, then verify=VERIFY
        bound = [
            v
            for where in (scope, scope.outer)
            if where
            for v in where.assignments.get(verify.id, [])
        ]
        verify = bound[0] if len(bound) == 1 else verify
    http_like = root in {"requests", "httpx"} or attr in HTTP_METHODS | {
        "send", "stream", "Session", "Client", "AsyncClient", "merge_environment_settings",
    }  # fmt: skip
    if is_const(verify, False) and http_like:
        context.report(
            "python/tls-verify-disabled",
            node,
            "verify=False turns off certificate checks, so anyone on the network can "
            "read and change this traffic; point verify= at a CA bundle instead.",
        )
    if qual == "ssl._create_unverified_context":
        context.report(
            "python/tls-verify-disabled",
            node,
            "ssl._create_unverified_context() skips certificate and host name checks; "
            "use ssl.create_default_context().",
        )
    ssl_flag = kwarg(node, "ssl")
    if (is_const(ssl_flag, False) and (attr in HTTP_METHODS or qual.endswith("TCPConnector"))) or (
        qual.endswith("TCPConnector") and is_const(kwarg(node, "verify_ssl"), False)
    ):
        context.report(
            "python/tls-verify-disabled",
            node,
            "ssl=False turns off certificate checks for this connection; keep the "
            "default or pass an ssl.SSLContext.",
        )


@detectors.node(ast.Assign)
def tls_verification_attribute(context: FileContext, node: ast.Assign, scope: Scope) -> None:
    for target in node.targets:
        if not isinstance(target, ast.Attribute):
            continue
        if target.attr == "check_hostname" and is_const(node.value, False):
            context.report(
                "python/tls-verify-disabled",
                node,
                "check_hostname = False accepts a certificate for any host; keep it on.",
            )
        if target.attr == "verify_mode" and context.qualname(node.value) == "ssl.CERT_NONE":
            context.report(
                "python/tls-verify-disabled",
                node,
                "verify_mode = ssl.CERT_NONE accepts any certificate; use CERT_REQUIRED.",
            )
        if target.attr == "verify" and is_const(node.value, False):
            context.report(
                "python/tls-verify-disabled",
                node,
                "session.verify = False turns off certificate checks for every request "
                "of this session; point it at a CA bundle instead.",
            )


# --- ciphers, key derivation, key sizes, randomness, JWT ---------------------------------

WEAK_CIPHER_CALLS = {
    "Crypto.Cipher.DES.new": "DES", "Crypto.Cipher.DES3.new": "3DES",
    "Crypto.Cipher.ARC4.new": "RC4", "Crypto.Cipher.ARC2.new": "RC2",
    "Crypto.Cipher.Blowfish.new": "Blowfish", "Cryptodome.Cipher.DES.new": "DES",
    "Cryptodome.Cipher.DES3.new": "3DES", "Cryptodome.Cipher.ARC4.new": "RC4",
    "cryptography.hazmat.primitives.ciphers.algorithms.TripleDES": "3DES",
    "cryptography.hazmat.primitives.ciphers.algorithms.ARC4": "RC4",
    "cryptography.hazmat.primitives.ciphers.algorithms.Blowfish": "Blowfish",
    "cryptography.hazmat.primitives.ciphers.modes.ECB": "ECB mode",
    "cryptography.hazmat.decrepit.ciphers.algorithms.TripleDES": "3DES",
    "cryptography.hazmat.decrepit.ciphers.algorithms.ARC4": "RC4",
}  # fmt: skip
PBKDF2_CALLS = {"hashlib.pbkdf2_hmac"}
PBKDF2_CLASSES = {"cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC"}
MIN_PBKDF2_ITERATIONS = 100_000
RSA_DSA_GENERATORS = {
    "cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key",
    "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key",
    "Crypto.PublicKey.RSA.generate", "Crypto.PublicKey.DSA.generate",
    "Cryptodome.PublicKey.RSA.generate", "rsa.newkeys",
}  # fmt: skip
RANDOM_CALLS = {
    "random.random", "random.randint", "random.randrange", "random.choice",
    "random.choices", "random.getrandbits", "random.sample", "random.uniform",
}  # fmt: skip
SECRET_TARGET = re.compile(
    r"token|secret|passw|api_?key|nonce|salt|otp|session_?id|reset|csrf|\bpin\b|verif|"
    r"(login|auth|confirm|one_time|mfa|2fa)_?code",
    re.I,
)


@detectors.call
def weak_cipher(context: FileContext, call: CallSite, scope: Scope) -> None:
    name = WEAK_CIPHER_CALLS.get(call.qual)
    if name is None and call.attr == "new" and call.node.args[1:]:
        mode = context.qualname(call.node.args[1]) or ""
        if mode.endswith(".MODE_ECB"):
            name = "ECB mode"
    if name is not None:
        context.report(
            "python/weak-cipher",
            call.node,
            f"{name} is broken or leaks patterns in the data; use AES-GCM "
            "(cryptography's AESGCM) with a random nonce.",
        )


def _int_arg(call: ast.Call, name: str, position: int) -> int | None:
    node = kwarg(call, name) or (call.args[position] if len(call.args) > position else None)
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


@detectors.call
def weak_kdf(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.qual in PBKDF2_CALLS:
        digest = (const_str(call.first) or "").lower()
        iterations = _int_arg(node, "iterations", 3)
    elif call.qual in PBKDF2_CLASSES:
        algorithm = kwarg(node, "algorithm") or (node.args[0] if node.args else None)
        digest = (context.qualname(algorithm.func) if isinstance(algorithm, ast.Call) else "") or ""
        digest = digest.rsplit(".", 1)[-1].lower()
        iterations = _int_arg(node, "iterations", 3)
    else:
        return
    if digest in WEAK_HASHES:
        problem = f"PBKDF2 over {digest.upper()}"
    elif iterations is not None and iterations < MIN_PBKDF2_ITERATIONS:
        problem = f"PBKDF2 with only {iterations:,} iterations"
    else:
        return
    context.report(
        "python/weak-kdf",
        node,
        f"{problem} is cheap to brute-force; use SHA-256 with at least 600,000 "
        "iterations, or hashlib.scrypt.",
    )


@detectors.call
def small_key_size(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual not in RSA_DSA_GENERATORS:
        return
    # key size comes first everywhere but in cryptography's rsa (after public_exponent)
    position = 1 if call.qual.endswith("asymmetric.rsa.generate_private_key") else 0
    bits = _int_arg(call.node, "key_size", position)
    if bits is None:
        bits = _int_arg(call.node, "bits", position)
    if bits is not None and bits < 2048:
        context.report(
            "python/small-key-size",
            call.node,
            f"A {bits}-bit key can be factored; generate at least 2048 bits (3072 for keys "
            "that must last).",
        )


def _assigned_name(context: FileContext, call: ast.Call, scope: Scope) -> str:
    """The names the call's value is stored in, plus the enclosing function's name."""
    names = [scope.function_name]
    for node in scope.nodes:
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.Return) and any(
            child is call for child in ast.walk(node)
        ):
            targets = (
                node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            )
            names += [dotted(t) or "" for t in targets if t is not None]
            if isinstance(node, ast.Return):
                names.append("return")
    return " ".join(names)


@detectors.call
def insecure_random(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual not in RANDOM_CALLS:
        return
    if SECRET_TARGET.search(_assigned_name(context, call.node, scope)):
        context.report(
            "python/insecure-random",
            call.node,
            f"{call.qual}() is predictable, and this value looks like a secret; use "
            "secrets.token_urlsafe() / secrets.choice().",
        )


@detectors.call
def jwt_unverified(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual not in {"jwt.decode", "jose.jwt.decode", "jwt.api_jwt.decode"}:
        return
    node = call.node
    options = kwarg(node, "options")
    unverified = is_const(kwarg(node, "verify"), False)
    if isinstance(options, ast.Dict):
        for key, value in zip(options.keys, options.values, strict=True):
            if const_str(key) == "verify_signature" and is_const(value, False):
                unverified = True
    algorithms = kwarg(node, "algorithms")
    allows_none = isinstance(algorithms, ast.List | ast.Tuple) and any(
        (const_str(e) or "").lower() == "none" for e in algorithms.elts
    )
    if unverified or allows_none:
        context.report(
            "python/jwt-unverified",
            node,
            "This token's signature is not checked"
            + (" (algorithm 'none' accepted)" if allows_none else "")
            + ", so anyone can forge its claims; pass the key and algorithms=['RS256'] "
            "(or your algorithm).",
        )


# --- TLS settings beyond verify=False ---------------------------------------------------

WEAK_PROTOCOLS = {"PROTOCOL_SSLv2", "PROTOCOL_SSLv3", "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1"}
WEAK_VERSIONS = {"SSLv3", "TLSv1", "TLSv1_1"}


@detectors.call
def tls_settings_call(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    cert_reqs = kwarg(node, "cert_reqs")
    if cert_reqs is not None and (
        context.qualname(cert_reqs) == "ssl.CERT_NONE" or const_str(cert_reqs) == "CERT_NONE"
    ):
        context.report(
            "python/tls-verify-disabled",
            node,
            "cert_reqs=CERT_NONE accepts any certificate; use ssl.CERT_REQUIRED.",
        )
    for argument in [*node.args, *(k.value for k in node.keywords)]:
        name = (context.qualname(argument) or "").rsplit(".", 1)[-1]
        if name in WEAK_PROTOCOLS and (context.qualname(argument) or "").startswith("ssl."):
            context.report(
                "python/weak-tls-version",
                node,
                f"ssl.{name} allows a broken protocol version; use "
                "ssl.create_default_context() (TLS 1.2+).",
            )
            break


@detectors.node(ast.Assign)
def tls_settings_attribute(context: FileContext, node: ast.Assign, scope: Scope) -> None:
    value = context.qualname(node.value) or ""
    for target in node.targets:
        name = context.qualname(target) or ""
        if name == "ssl._create_default_https_context" and value.endswith(
            "_create_unverified_context"
        ):
            context.report(
                "python/tls-verify-disabled",
                node,
                "Replacing the default HTTPS context with an unverified one turns off "
                "certificate checks for every urllib request in the process.",
            )
        if (
            isinstance(target, ast.Attribute)
            and target.attr in {"minimum_version", "maximum_version"}
            and value.rsplit(".", 1)[-1] in WEAK_VERSIONS
            and target.attr == "minimum_version"
        ):
            context.report(
                "python/weak-tls-version",
                node,
                f"minimum_version {value.rsplit('.', 1)[-1]} allows a broken protocol; use "
                "ssl.TLSVersion.TLSv1_2.",
            )


# --- second round: password hashes, IVs, curves, padding, comparisons, SSH and transports -

FAST_HASHES = {
    "hashlib.sha224", "hashlib.sha256", "hashlib.sha384", "hashlib.sha512",
    "hashlib.sha3_256", "hashlib.sha3_512", "hashlib.blake2b", "hashlib.blake2s",
}  # fmt: skip
PASSWORD_WORDS = re.compile(r"pass(word|wd|phrase)?\b|pass(word|wd)_|\bpwd\b|\bpw\b", re.I)


@detectors.call
def fast_password_hash(context: FileContext, call: CallSite, scope: Scope) -> None:
    """sha256(password): SHA-2 is fast by design, so a leaked table is guessed quickly."""
    qual = call.qual
    if qual == "hashlib.new" and (const_str(call.first) or "").lower().startswith(
        ("sha2", "sha3", "sha5", "blake")
    ):
        qual = "hashlib.sha256"
    if qual not in FAST_HASHES or not call.node.args:
        return
    hashed = " ".join(ast.unparse(a) for a in call.node.args)
    if PASSWORD_WORDS.search(hashed) or (
        PASSWORD_WORDS.search(scope.function_name.replace("_", " "))
        and "salt" in context.scope_text(scope)
    ):
        context.report(
            "python/fast-password-hash",
            call.node,
            f"{qual.split('.')[-1]} of a password can be guessed billions of times a second; "
            "use hashlib.scrypt or argon2 (or PBKDF2 with 600,000+ iterations).",
        )


def _constant_bytes(
    context: FileContext, node: ast.AST | None, scope: Scope, depth: int = 0
) -> bool:
    """A value fixed in the source: b"..." / "..." / b"\\0" * 16 / bytes(16) / a name bound
    only to one of those (in this function or at module level)."""
    if node is None or depth > 2:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, bytes | str) and len(node.value) > 0
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _constant_bytes(context, node.left, scope, depth + 1) or _constant_bytes(
            context, node.right, scope, depth + 1
        )
    if isinstance(node, ast.Call) and context.qualname(node.func) in {"bytes", "bytearray"}:
        return bool(node.args) and isinstance(node.args[0], ast.Constant | ast.List | ast.BinOp)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"encode", "fromhex", "b64decode", "unhexlify"}
    ):
        inner = node.func.value if node.func.attr == "encode" else (node.args or [None])[0]
        return _constant_bytes(context, inner, scope, depth + 1)
    if isinstance(node, ast.Name):
        for where in (scope, scope.outer):
            if where is None:
                continue
            values = where.assignments.get(node.id)
            if values:
                return len(values) == 1 and _constant_bytes(context, values[0], scope, depth + 1)
        if node.id in scope.parameters:
            return False
    return False


IV_MODES = {"CBC", "CFB", "OFB", "CTR", "GCM", "CFB8", "XTS"}
AEAD_CLASSES = {"AESGCM", "ChaCha20Poly1305", "AESCCM", "AESOCB3", "AESSIV", "AESGCMSIV"}


@detectors.call
def static_iv(context: FileContext, call: CallSite, scope: Scope) -> None:
    node, qual = call.node, call.qual
    iv: ast.expr | None = None
    if (
        qual.startswith("cryptography.hazmat.primitives.ciphers.modes.")
        and qual.rsplit(".", 1)[-1] in IV_MODES
    ):
        iv = call.first or kwarg(node, "initialization_vector") or kwarg(node, "nonce")
    elif call.attr == "new" and qual.startswith(("Crypto.Cipher.", "Cryptodome.Cipher.")):
        iv = (
            kwarg(node, "iv")
            or kwarg(node, "nonce")
            or (node.args[2] if len(node.args) > 2 else None)
        )
    elif call.attr in {"encrypt", "decrypt"} and isinstance(node.func, ast.Attribute) and node.args:
        receiver = node.func.value
        if isinstance(receiver, ast.Name):
            bound = (
                scope.assignments.get(receiver.id)
                or (scope.outer.assignments.get(receiver.id) if scope.outer else None)
                or []
            )
            receiver = bound[0] if len(bound) == 1 else receiver
        if (
            isinstance(receiver, ast.Call)
            and (context.qualname(receiver.func) or "").rsplit(".", 1)[-1] in AEAD_CLASSES
        ):
            iv = node.args[0] if call.attr == "encrypt" else None
    if iv is not None and _constant_bytes(context, iv, scope):
        context.report(
            "python/static-iv",
            node,
            "This IV/nonce is the same for every message, so equal plaintexts give equal "
            "ciphertexts (and GCM/CTR leak the key stream); use os.urandom(12 or 16) per message.",
        )


KEYED_CALLS = {
    "cryptography.fernet.Fernet": 0, "hmac.new": 0, "hmac.digest": 0,
    "cryptography.hazmat.primitives.ciphers.aead.AESGCM": 0,
    "cryptography.hazmat.primitives.ciphers.aead.ChaCha20Poly1305": 0,
    "cryptography.hazmat.primitives.ciphers.algorithms.AES": 0,
    "Crypto.Cipher.AES.new": 0, "Cryptodome.Cipher.AES.new": 0,
    "Crypto.Hash.HMAC.new": 0, "nacl.secret.SecretBox": 0,
}  # fmt: skip


@detectors.call
def hardcoded_crypto_key(context: FileContext, call: CallSite, scope: Scope) -> None:
    position = KEYED_CALLS.get(call.qual)
    if position is None:
        return
    node = call.node
    key = kwarg(node, "key") or (node.args[position] if len(node.args) > position else None)
    if key is None or not _constant_bytes(context, key, scope):
        return
    literal = next(
        (
            n.value
            for n in ast.walk(key)
            if isinstance(n, ast.Constant) and isinstance(n.value, str | bytes)
        ),
        b"",
    )
    if isinstance(key, ast.Name):
        values = (
            scope.assignments.get(key.id)
            or (scope.outer.assignments.get(key.id) if scope.outer else [])
            or []
        )
        literal = next(
            (
                n.value
                for v in values
                for n in ast.walk(v)
                if isinstance(n, ast.Constant) and isinstance(n.value, str | bytes)
            ),
            b"",
        )
    if len(literal) < 8:
        return
    context.report(
        "python/hardcoded-crypto-key",
        node,
        "This key is written in the source, so anyone with the code can decrypt or forge "
        "with it; load it from the environment or a secrets manager and rotate it.",
    )


WEAK_CURVES = {
    "SECP192R1",
    "SECT163K1",
    "SECT163R2",
    "P-192",
    "secp192r1",
    "prime192v1",
    "NIST P-192",
    "p192",
}


@detectors.call
def weak_ec_curve(context: FileContext, call: CallSite, scope: Scope) -> None:
    qual = call.qual
    if qual.endswith("asymmetric.ec.generate_private_key") and isinstance(
        call.first, ast.Name | ast.Attribute
    ):
        qual = context.qualname(call.first) or ""  # the curve class itself, not an instance
    name = qual.rsplit(".", 1)[-1]
    weak = qual.startswith("cryptography.hazmat.primitives.asymmetric.ec.") and name in WEAK_CURVES
    if call.qual in {"Crypto.PublicKey.ECC.generate", "Cryptodome.PublicKey.ECC.generate"}:
        weak = (const_str(kwarg(call.node, "curve")) or "") in WEAK_CURVES
    if weak:
        context.report(
            "python/weak-ec-curve",
            call.node,
            "A curve under 224 bits no longer gives the security its keys need; use "
            "ec.SECP256R1() (P-256) or Ed25519.",
        )


@detectors.call
def rsa_pkcs1v15_encryption(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    legacy = call.qual in {"Crypto.Cipher.PKCS1_v1_5.new", "Cryptodome.Cipher.PKCS1_v1_5.new"}
    padded = call.attr == "encrypt" and any(
        isinstance(a, ast.Call) and (context.qualname(a.func) or "").endswith("padding.PKCS1v15")
        for a in [*node.args, *(k.value for k in node.keywords)]
    )
    if not (legacy or padded):
        return
    context.report(
        "python/rsa-pkcs1v15-encryption",
        node,
        "PKCS#1 v1.5 encryption padding is open to padding-oracle attacks (Bleichenbacher); "
        "encrypt with OAEP over SHA-256.",
    )


# not "sig": in most code that is a signal number;
# not "digest" alone: content digests (image_digest, sha256 of a file) are public
SECRET_OPERAND = re.compile(r"(^|_)(signature|hmac|mac)$", re.I)
CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
TOKEN_OPERAND = re.compile(r"(^|_)(token|secret|api_?key)$", re.I)
INCOMING = re.compile(r"header|request|args|cookies|form|META|params", re.I)


def _operand_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr in {"hexdigest", "digest"} and "hmac" in ast.unparse(node.func.value):
            return "hmac"
        if node.func.attr == "get" and node.args:
            return const_str(node.args[0]) or ""
    name = dotted(node) or ""
    return name.rsplit(".", 1)[-1].replace("-", "_")


@detectors.node(ast.Compare)
def timing_unsafe_compare(context: FileContext, node: ast.Compare, scope: Scope) -> None:
    if len(node.ops) != 1 or not isinstance(node.ops[0], ast.Eq | ast.NotEq):
        return
    if scope.function_name in {"__eq__", "__ne__"}:
        return  # value equality of objects that merely have a `signature` field
    left, right = node.left, node.comparators[0]
    if isinstance(left, ast.Constant) or isinstance(right, ast.Constant):
        return
    names = [_operand_name(left), _operand_name(right)]
    text = ast.unparse(node)
    # buffer[:12] == PP_V2_SIGNATURE compares magic bytes, not a secret
    secret = any(SECRET_OPERAND.search(n) and not CONSTANT_NAME.match(n) for n in names)
    token = any(TOKEN_OPERAND.search(n) for n in names) and bool(INCOMING.search(text))
    if secret or token:
        context.report(
            "python/timing-unsafe-compare",
            node,
            "== on a signature or token returns as soon as a byte differs, so response times "
            "reveal the right value; use hmac.compare_digest(a, b).",
        )


SSH_LAX_POLICIES = {"AutoAddPolicy", "WarningPolicy"}


@detectors.call
def ssh_host_key_unverified(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.attr != "set_missing_host_key_policy" or call.first is None:
        return
    policy = call.first.func if isinstance(call.first, ast.Call) else call.first
    if (context.qualname(policy) or "").rsplit(".", 1)[-1] in SSH_LAX_POLICIES:
        context.report(
            "python/ssh-host-key-unverified",
            call.node,
            "AutoAddPolicy/WarningPolicy trusts whatever key the server presents, so a "
            "man-in-the-middle gets the login; load known_hosts and use RejectPolicy.",
        )


LOCAL_TARGET = re.compile(r"^(localhost|127\.|\[::1\]|::1|unix:|0\.0\.0\.0)")


@detectors.call
def cleartext_protocol(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual in {"ftplib.FTP", "telnetlib.Telnet"}:
        host = const_str(call.first)
        if host is not None and LOCAL_TARGET.match(host):
            return
        kind = "FTP" if call.qual == "ftplib.FTP" else "Telnet"
        context.report(
            "python/cleartext-protocol",
            call.node,
            f"{kind} sends the login and the data unencrypted; use "
            + ("ftplib.FTP_TLS with prot_p()" if kind == "FTP" else "SSH (paramiko)")
            + ".",
        )


@detectors.call
def ssl_wrap_socket(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual == "ssl.wrap_socket":
        context.report(
            "python/ssl-wrap-socket",
            call.node,
            "ssl.wrap_socket() (removed in 3.12) checks no certificate and no host name; use "
            "ssl.create_default_context().wrap_socket(sock, server_hostname=host).",
        )


WEAK_CIPHER_WORDS = re.compile(
    r"(^|[:!+\s-])(NULL|eNULL|aNULL|EXPORT|EXP|RC4|DES|3DES|MD5|ALL|LOW)(?=$|[:+\s@-])"
)


@detectors.call
def weak_tls_ciphers(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.attr != "set_ciphers" and kwarg(call.node, "ciphers") is None:
        return
    value = const_str(call.first if call.attr == "set_ciphers" else kwarg(call.node, "ciphers"))
    if value is None:
        return
    enabled = [part for part in re.split(r"[:\s,]+", value) if part and not part.startswith("!")]
    weak = [p for p in enabled if WEAK_CIPHER_WORDS.search(p)]
    if weak:
        context.report(
            "python/weak-tls-ciphers",
            call.node,
            f"The cipher string enables {weak[0]}, which is broken or unauthenticated; keep "
            "the default list or name only ECDHE+AESGCM / CHACHA20 suites.",
        )


@detectors.call
def grpc_insecure_channel(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual not in {"grpc.insecure_channel", "grpc.aio.insecure_channel"}:
        return
    target = call.first
    if isinstance(target, ast.Name):
        values = (
            scope.assignments.get(target.id)
            or (scope.outer.assignments.get(target.id) if scope.outer else None)
            or []
        )
        target = values[0] if len(values) == 1 else target
    text = const_str(target)
    if isinstance(target, ast.JoinedStr) and target.values:
        text = const_str(target.values[0])
    if text is not None and LOCAL_TARGET.match(text):
        return
    context.report(
        "python/grpc-insecure-channel",
        call.node,
        "insecure_channel sends requests and credentials unencrypted; use "
        "grpc.secure_channel(target, grpc.ssl_channel_credentials()).",
    )


@detectors.call
def tls_warnings_disabled(context: FileContext, call: CallSite, scope: Scope) -> None:
    qual = call.qual
    silenced = qual.endswith("urllib3.disable_warnings") or qual == "urllib3.disable_warnings"
    if qual in {"warnings.filterwarnings", "warnings.simplefilter"}:
        silenced = "InsecureRequestWarning" in ast.unparse(call.node) and "ignore" in ast.unparse(
            call.node
        )
    if silenced:
        context.report(
            "python/tls-warnings-disabled",
            call.node,
            "Silencing InsecureRequestWarning hides that requests go out unverified; fix "
            "verification (verify= a CA bundle) rather than the warning.",
        )
