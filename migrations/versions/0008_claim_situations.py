"""claim situations: what happened (ticked kinds and the claimant's own account); evidence per kind of loss

Revision ID: claim_situations
Revises: reviewer_day
Create Date: 2026-11-30 03:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "claim_situations"
down_revision = "reviewer_day"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("situations", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("what_happened", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("about", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("about")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("what_happened")
        batch_op.drop_column("situations")
