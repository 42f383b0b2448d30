"""Cryptography and transport security: weak hashes where security may depend on them, and
TLS certificate or host name checks turned off (per call or on a session/context)."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.python.ast_utils import HTTP_METHODS, const_str, is_const, kwarg
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
    if (
        is_const(ssl_flag, False) and (attr in HTTP_METHODS or qual.endswith("TCPConnector"))
    ) or (qual.endswith("TCPConnector") and is_const(kwarg(node, "verify_ssl"), False)):
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
