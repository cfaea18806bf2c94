"""users email lower: every account's e-mail is stored as sign-in looks it up (trimmed, lower case)

Sign-in, registration and password reset looked accounts up by `lower(email)`, which no index serves: every
look-up read the whole users table (~10 ms of database CPU at 50,000 accounts, and growing with them). Accounts
have always been created with a normalised address (accounts.normalise_email), so the look-up is now an
equality on the unique `email` index; this migration normalises any address stored otherwise. Two accounts
whose addresses differ only in case (never made by the portal) are left as they are and reported.

Revision ID: users_email_lower
Revises: work_title
Create Date: 2026-11-30 06:35:00
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "users_email_lower"
down_revision = "work_title"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")


def upgrade() -> None:
    conn = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("email", sa.String))
    odd = conn.execute(
        sa.select(users.c.id, users.c.email).where(
            users.c.email != sa.func.lower(sa.func.trim(users.c.email))
        )
    ).all()
    for user_id, email in odd:
        normal = email.strip().lower()
        if conn.scalar(sa.select(users.c.id).where(users.c.email == normal)) is not None:
            log.warning("users.id %s: %r kept (another account already has %r)", user_id, email, normal)
            continue
        conn.execute(sa.update(users).where(users.c.id == user_id).values(email=normal))


def downgrade() -> None:
    pass  # the addresses stay normalised: nothing to undo
