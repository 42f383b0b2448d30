"""codeyard registry: a private Python package index (PEP 503/691/700/658/714/592)."""
