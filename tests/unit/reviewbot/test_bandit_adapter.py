"""Bandit as a library: its results mapped onto our findings, its noise and the tests our
own detectors replace left out."""

from __future__ import annotations

from reviewbot.analyzers.external.bandit import SKIPPED_TESTS, BanditAnalyzer
from reviewbot.analyzers.rules import get_rule
from tests.unit.reviewbot.helpers import change_with, summarize


def test_maps_bandit_results() -> None:
    change = change_with(
        {
            "app.py": """\
        from flask import Flask
        import telnetlib
        app = Flask(__name__)
        def connect(host):
            return telnetlib.Telnet(host)
        app.run(debug=True)
    """
        }
    )
    found = summarize(list(BanditAnalyzer().analyze(change)))
    assert found == [("bandit/B201", 6, "medium"), ("bandit/B312", 5, "high")]
    rule = get_rule("bandit/B201")
    assert rule is not None and rule.cwe == 94 and "flask" in rule.short


def test_replaced_and_noisy_tests_stay_silent() -> None:
    change = change_with(
        {
            "tool.py": """\
        import pickle, subprocess, random, hashlib
        assert random.random() < 2
        subprocess.run(["ls"])
        password = "hunter2hunter2"
        try:
            pass
        except Exception:
            pass
    """
        }
    )
    assert list(BanditAnalyzer().analyze(change)) == []
    assert {"B101", "B105", "B110", "B311", "B403", "B404", "B603"} <= SKIPPED_TESTS


def test_respects_nosec_and_skips_non_python() -> None:
    change = change_with(
        {
            "a.py": "import telnetlib\ntelnetlib.Telnet('h')  # nosec\n",
            "notes.txt": "app.run(debug=True)\n",
        }
    )
    assert list(BanditAnalyzer().analyze(change)) == []


def test_weak_cryptography_comes_from_bandit() -> None:
    change = change_with(
        {
            "crypto.py": """\
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        from cryptography.hazmat.primitives.asymmetric import rsa
        def enc(key, iv):
            c = Cipher(algorithms.ARC4(key), mode=None)
            d = Cipher(algorithms.AES(key), modes.ECB())
            k = rsa.generate_private_key(public_exponent=65537, key_size=1024)
            s = Cipher(algorithms.AES(key), modes.GCM(iv))
            return c, d, k, s
    """
        }
    )
    assert summarize(list(BanditAnalyzer().analyze(change))) == [
        ("bandit/B304", 4, "high"),
        ("bandit/B305", 5, "medium"),
        ("bandit/B505", 6, "medium"),
    ]
