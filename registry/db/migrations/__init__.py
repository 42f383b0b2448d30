"""Alembic migrations for the registry schema (applied by every `registry` command)."""
