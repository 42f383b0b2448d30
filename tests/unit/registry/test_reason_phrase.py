from registry.web.errors import MAX_REASON, reason_phrase


def test_reason_phrase_is_one_latin1_line() -> None:
    phrase = reason_phrase("METADATA: bad\nRequires-Dist: x;\r\n  café ✓")
    assert "\n" not in phrase and "\r" not in phrase
    assert phrase == "METADATA: bad Requires-Dist: x; café ?"
    phrase.encode("latin-1")


def test_reason_phrase_is_bounded() -> None:
    phrase = reason_phrase("x" * 5000)
    assert len(phrase) == MAX_REASON and phrase.endswith("...")
