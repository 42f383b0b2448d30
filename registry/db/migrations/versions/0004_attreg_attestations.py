"""review attestations (DSSE envelopes per file sha256) and per-repository review policies

Revision ID: 0004_attreg
Revises: 0003
Create Date: 2026-12-01 00:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_attreg"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attestations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repository", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("keyid", sa.String(length=64), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("gate", sa.Text(), nullable=False),
        sa.Column("critical", sa.Integer(), nullable=False),
        sa.Column("risk_score", sa.Float(), nullable=True),
        sa.Column("risk_band", sa.String(length=40), nullable=True),
        sa.Column("actor_label", sa.String(length=100), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attestations")),
    )
    # Every lookup is by the file's digest (GET, policy checks, page filtering).
    op.create_index("ix_attestations_sha256", "attestations", ["sha256"], unique=False)
    op.create_table(
        "review_policies",
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["repository_id"],
            ["repositories.id"],
            name=op.f("fk_review_policies_repository_id_repositories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("repository_id", name=op.f("pk_review_policies")),
    )


def downgrade() -> None:
    op.drop_table("review_policies")
    op.drop_index("ix_attestations_sha256", table_name="attestations")
    op.drop_table("attestations")
