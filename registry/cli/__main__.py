"""`python -m registry.cli …`, the same as the `registry` console script."""

from registry.cli import main

main()
