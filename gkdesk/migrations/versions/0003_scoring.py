"""scoring: plan rubrics, score entries, snapshots; notice number on periods

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 01:17:32.960278
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_rubrics",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("updated_by", sa.String(length=100), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_plan_rubrics_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_plan_rubrics")),
    )
    op.create_table(
        "score_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=20), nullable=False),
        sa.Column("points", sa.Numeric(precision=6, scale=2, asdecimal=False), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=100), server_default="", nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"], ["periods.id"], name=op.f("fk_score_entries_period_id_periods"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_score_entries_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_entries")),
    )
    with op.batch_alter_table("score_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_entries_period_id"), ["period_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_score_entries_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "score_snapshots",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column(
            "taken_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["periods.id"],
            name=op.f("fk_score_snapshots_period_id_periods"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("period_id", name=op.f("pk_score_snapshots")),
    )
    with op.batch_alter_table("periods", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notice_number", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("notice_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("periods", schema=None) as batch_op:
        batch_op.drop_column("notice_date")
        batch_op.drop_column("notice_number")

    op.drop_table("score_snapshots")
    with op.batch_alter_table("score_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_entries_unit_id"))
        batch_op.drop_index(batch_op.f("ix_score_entries_period_id"))

    op.drop_table("score_entries")
    op.drop_table("plan_rubrics")
