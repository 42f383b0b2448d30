"""page path: index files.release_id; change serials that key the rendered-page cache

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 21:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every project page joins files to releases; without this index the join scanned all
    # of a repository's files (76 ms for a one-file project at 20,000 projects).
    op.create_index(op.f("ix_files_release_id"), "files", ["release_id"], unique=False)
    op.create_table(
        "change_serials",
        sa.Column("repository", sa.String(length=64), nullable=False),
        sa.Column("project", sa.String(length=200), nullable=False),
        sa.Column("serial", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("repository", "project", name=op.f("pk_change_serials")),
    )
    op.create_index(
        op.f("ix_change_serials_project"), "change_serials", ["project"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_change_serials_project"), table_name="change_serials")
    op.drop_table("change_serials")
    op.drop_index(op.f("ix_files_release_id"), table_name="files")
