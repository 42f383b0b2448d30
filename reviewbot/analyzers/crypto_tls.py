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
    r"token|secret|passw|api_?key|nonce|salt|otp|session_?id|reset|csrf|\bpin\b|verif", re.I
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
    position = (
        0 if call.qual.rsplit(".", 2)[-2] in {"RSA", "DSA"} or call.qual == "rsa.newkeys" else 1
    )
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
