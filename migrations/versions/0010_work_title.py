"""work title: author claims filed before the rules asked for the launched work's title get a marked one

The rules now require `work_title` on a `launch_window` item. A stored item without one would no longer be read
(policy comparisons and reassessments re-read every filed claim), so each gets "제목 미기재" (title not given),
which reviewers and letters show as it is. Drafts are left alone: their owner is asked for the title at the
next save.

Revision ID: work_title
Revises: payout_ledger
Create Date: 2026-11-30 04:35:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "work_title"
down_revision = "payout_ledger"
branch_labels = None
depends_on = None

UNKNOWN = "제목 미기재"


def upgrade() -> None:
    conn = op.get_bind()
    items = sa.table("claim_items", sa.column("id", sa.Integer), sa.column("kind"), sa.column("claim_id"))
    inputs = sa.column("inputs", sa.JSON)
    claims = sa.table("claims", sa.column("id", sa.Integer), sa.column("status"))
    rows = conn.execute(
        sa.select(items.c.id, inputs)
        .select_from(items.join(claims, claims.c.id == items.c.claim_id))
        .where(items.c.kind == "launch_window", claims.c.status != "draft")
    ).all()
    update = sa.table("claim_items", sa.column("id", sa.Integer), sa.column("inputs", sa.JSON))
    for item_id, data in rows:
        data = json.loads(data) if isinstance(data, str) else dict(data or {})
        if str(data.get("work_title") or "").strip():
            continue
        data["work_title"] = UNKNOWN
        conn.execute(sa.update(update).where(update.c.id == item_id).values(inputs=data))


def downgrade() -> None:
    """The marked titles stay: they are what those claims were read with since."""
