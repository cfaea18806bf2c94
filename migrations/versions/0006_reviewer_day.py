"""the reviewer's day: information requests that staff close, extend or remind

Revision ID: reviewer_day
Revises: windows_policy
"""

from alembic import op
import sqlalchemy as sa
import claims.db


revision = "reviewer_day"
down_revision = "windows_policy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("info_requests") as batch:
        batch.add_column(sa.Column("closed_at", claims.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closing", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("reminded_at", claims.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reminders", sa.Integer(), nullable=False, server_default="0"))
        batch.create_foreign_key(
            batch.f("fk_info_requests_closed_by_id_users"), "users", ["closed_by_id"], ["id"]
        )
        batch.create_check_constraint("closing_valid", "closing IN ('no_response', 'cancelled')")


def downgrade() -> None:
    with op.batch_alter_table("info_requests") as batch:
        batch.drop_constraint("closing_valid", type_="check")
        batch.drop_constraint(batch.f("fk_info_requests_closed_by_id_users"), type_="foreignkey")
        for column in ("reminders", "reminded_at", "closing", "closed_by_id", "closed_at"):
            batch.drop_column(column)
