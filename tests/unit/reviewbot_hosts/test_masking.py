from reviewbot.reporters.masking import MASK, mask_secrets, secret_values
from reviewbot.review.findings import Category, Finding, Severity


def test_known_credential_shapes_are_masked():
    text = (
        "key AKIAIOSFODNN7EXAMPLF and ghp_" + "a1B2" * 9 + " and glpat-" + "x" * 20
        + " url https://deploy:hunter2hunter2@git.example.com/repo.git"
    )
    masked = mask_secrets(text)
    assert "AKIAIOSFODNN7EXAMPLF" not in masked
    assert "ghp_" not in masked and "glpat-" not in masked
    assert "hunter2hunter2" not in masked
    assert "https://deploy:" + MASK + "@git.example.com/repo.git" in masked


def test_private_key_block_is_masked_whole():
    text = (
        "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\nxyz\n"
        "-----END RSA PRIVATE KEY-----\nafter"
    )
    assert mask_secrets(text) == f"before\n{MASK}\nafter"


def test_secret_assignments_keep_the_name_and_lose_the_value():
    assert mask_secrets('db_password = "correct-horse-battery"') == f'db_password = "{MASK}"'


def test_values_flagged_by_secret_findings_are_masked_anywhere():
    finding = Finding("secrets/generic", Category.SECRETS, Severity.HIGH, "a secret", "a.py", 3,
                      anchor_text='CONFIG = {"k": "Zx9qLm2VbN7tRw4Y"}')
    values = secret_values([finding])
    assert "Zx9qLm2VbN7tRw4Y" in values
    assert mask_secrets("we saw Zx9qLm2VbN7tRw4Y here", values) == f"we saw {MASK} here"


def test_ordinary_text_is_left_alone():
    text = "subprocess.call() runs a shell; pass an argument list. See `app.py:12`."
    assert mask_secrets(text) == text
    plain = Finding("python/eval", Category.SECURITY, Severity.HIGH, "m", "a.py", 1,
                    anchor_text="eval(Zx9qLm2VbN7tRw4Y)")
    assert secret_values([plain]) == set()  # only secret findings feed the value list
