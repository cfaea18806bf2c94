"""decision approvals: an approval points at its decision; one pending approval per claim; pending decisions

Decisions gain `pending` (waiting for a second signature, not in force) and `parent_id` (a line row's
claim-level row). Approvals gain `decision_id`, `reasons` and the status `void` (a withdrawn claim's), and at
most one approval per claim may be pending (a partial unique index, on SQLite and PostgreSQL alike).
Existing pending approvals point at the claim's newest claim-level decision.

Revision ID: decision_approvals
Revises: accounts_security
Create Date: 2026-11-30 02:50:00
"""

from alembic import op
import sqlalchemy as sa


revision = "decision_approvals"
down_revision = "accounts_security"
branch_labels = None
depends_on = None

PENDING_ONLY = sa.text("status = 'pending'")


def upgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pending", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_decisions_parent_id_decisions"), "decisions", ["parent_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_decisions_parent_id"), ["parent_id"], unique=False)
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.alter_column("pending", server_default=None)

    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reasons", sa.JSON(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_approvals_decision_id_decisions"), "decisions", ["decision_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_approvals_decision_id"), ["decision_id"], unique=False)
        batch_op.drop_constraint(op.f("ck_approvals_status_valid"), type_="check")
        batch_op.create_check_constraint("status_valid", "status IN ('pending', 'signed', 'refused', 'void')")

    # Older data: an approval's decision is the claim's newest claim-level row; a double click may have left
    # two pending approvals, of which only the newest stays pending.
    op.execute(
        """
        UPDATE approvals SET reasons = '["limit"]',
          decision_id = (SELECT MAX(d.id) FROM decisions d
                         WHERE d.claim_id = approvals.claim_id AND d.line_index IS NULL)
        """
    )
    op.execute(
        """
        UPDATE approvals SET status = 'void'
        WHERE status = 'pending' AND id < (SELECT MAX(a.id) FROM approvals a
                                           WHERE a.claim_id = approvals.claim_id AND a.status = 'pending')
        """
    )
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.alter_column("reasons", existing_type=sa.JSON(), nullable=False)
        batch_op.create_index(
            "uq_approvals_one_pending_per_claim",
            ["claim_id"],
            unique=True,
            sqlite_where=PENDING_ONLY,
            postgresql_where=PENDING_ONLY,
        )


def downgrade() -> None:
    op.execute("UPDATE approvals SET status = 'refused' WHERE status = 'void'")
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.drop_index("uq_approvals_one_pending_per_claim")
        batch_op.drop_constraint(op.f("ck_approvals_status_valid"), type_="check")
        batch_op.create_check_constraint("status_valid", "status IN ('pending', 'signed', 'refused')")
        batch_op.drop_index(batch_op.f("ix_approvals_decision_id"))
        batch_op.drop_constraint(batch_op.f("fk_approvals_decision_id_decisions"), type_="foreignkey")
        batch_op.drop_column("reasons")
        batch_op.drop_column("decision_id")

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_parent_id"))
        batch_op.drop_constraint(batch_op.f("fk_decisions_parent_id_decisions"), type_="foreignkey")
        batch_op.drop_column("parent_id")
        batch_op.drop_column("pending")
