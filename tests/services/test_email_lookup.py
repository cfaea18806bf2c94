"""Accounts are found by e-mail with one look-up in the unique index (sign-in, registration, password reset),
never by reading every account; migration users_email_lower stores any address that was not normalised as
sign-in looks it up."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from claims import migrate
from claims.db import get_session
from claims.services import accounts


def test_an_address_is_found_however_it_is_typed(app, create_user):
    create_user(email="Minjun.Kim@Example.com")
    with app.app_context():
        session = get_session()
        for typed in ("minjun.kim@example.com", "  MINJUN.KIM@EXAMPLE.COM ", "Minjun.Kim@Example.com"):
            assert accounts.find_by_email(session, typed).email == "minjun.kim@example.com"
        assert accounts.find_by_email(session, "someone.else@example.com") is None


def test_the_look_up_reads_the_index_not_every_account(app, create_user):
    from sqlalchemy import event

    create_user(email="one@example.com")
    with app.app_context():
        session = get_session()
        engine = session.get_bind()
        seen: list[tuple[str, object]] = []

        def capture(_conn, _cursor, statement, parameters, *_args):
            seen.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", capture)
        try:
            assert accounts.find_by_email(session, "ONE@example.com") is not None
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        statement, parameters = next((s, p) for s, p in seen if "FROM users" in s)
        assert "lower(" not in statement.lower()  # a function of the column: no index could serve it
        if engine.dialect.name == "sqlite":
            plan = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            details = " ".join(str(row[-1]) for row in plan)
            assert "USING INDEX" in details and "SCAN" not in details, details


def test_the_migration_normalises_stored_addresses_and_keeps_a_clash(tmp_path):
    url = f"sqlite:///{tmp_path / 'before-lower.sqlite3'}"
    migrate.upgrade(url, "work_title")
    engine = create_engine(url)
    rows = (
        "Old.User@Example.com",
        " spaced@example.com",
        "fine@example.com",
        "Twin@example.com",
        "twin@example.com",
    )
    with engine.begin() as conn:
        for n, email in enumerate(rows):
            conn.execute(
                text(
                    "INSERT INTO users (email, password_hash, display_name, role, language, active, "
                    "created_at, session_epoch) VALUES (:e, 'x', :n, 'claimant', 'ko', 1, "
                    "'2022-10-20 00:00:00.000000', 0)"
                ),
                {"e": email, "n": f"사용자 {n}"},
            )
    migrate.upgrade(url, "users_email_lower")
    with engine.connect() as conn:
        stored = sorted(conn.scalars(text("SELECT email FROM users")))
    engine.dispose()
    assert stored == sorted(
        [
            "old.user@example.com",
            "spaced@example.com",
            "fine@example.com",
            "Twin@example.com",
            "twin@example.com",
        ]
    )
