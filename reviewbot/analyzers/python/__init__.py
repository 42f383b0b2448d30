"""What every Python detector shares: AST helpers (`ast_utils`), the per-file context and
scopes (`context`), the detector registry (`registry`) and the analyzer that parses each
changed file and runs every family's detectors over it (`analyzer`).

The detectors themselves live in one module (or package) per family beside this package:
`analyzers/injection/`, `crypto_tls.py`, `filesystem.py`, `resources.py`, `aws.py`,
`correctness.py`.
"""
