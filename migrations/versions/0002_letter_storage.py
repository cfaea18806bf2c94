"""letters in the portal's store: letters.stored_name, letters.pdf optional

Revision ID: letter_storage
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa


revision = "letter_storage"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("letters") as batch:
        batch.add_column(sa.Column("stored_name", sa.String(length=80), nullable=True))
        batch.alter_column("pdf", existing_type=sa.LargeBinary(), nullable=True)
        batch.create_unique_constraint(batch.f("uq_letters_stored_name"), ["stored_name"])


def downgrade() -> None:
    # Letters kept in the store have no bytes in the row: a downgrade needs them copied back first.
    with op.batch_alter_table("letters") as batch:
        batch.drop_constraint(batch.f("uq_letters_stored_name"), type_="unique")
        batch.alter_column("pdf", existing_type=sa.LargeBinary(), nullable=False)
        batch.drop_column("stored_name")
