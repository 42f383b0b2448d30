import subprocess
import sys


def test_core_imports_no_framework() -> None:
    code = (
        "import sys, registry.config, registry.core.archive, registry.core.negotiation, "
        "registry.core.simple, registry.core.tokens, registry.core.upload, registry.core.ports\n"
        "bad = {'flask', 'werkzeug', 'sqlalchemy', 'boto3', 'botocore'} & set(sys.modules)\n"
        "print(sorted(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
