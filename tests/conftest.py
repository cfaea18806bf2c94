"""Fixtures: a fresh app per test on a migrated database (SQLite, or PostgreSQL via TEST_DATABASE_URL)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from claims import create_app
from claims.db import Base
from claims.services import accounts, incidents

os.environ.setdefault("PORTAL_ENV", "testing")
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """Migrate an empty database once per session with Alembic (so the migrations are tested too)."""
    from claims import migrate

    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        except Exception as exc:  # pragma: no cover - depends on the machine
            if IN_CI:
                raise
            pytest.skip(f"TEST_DATABASE_URL is set but the database is not reachable: {exc}")
        finally:
            engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    migrate.upgrade(url)
    return url


def _empty_tables(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """The settings of the test app; a test that needs another app (e.g. rate limits on) starts from these."""
    return {
        "TESTING": True,
        "PORTAL_ENV": "testing",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_SERVER": None,
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "SERVER_NAME": "localhost",
        "DEMO_CLAIMS": 0,  # seed-demo without --claims makes no claims in tests (make run asks for 300)
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",  # cheap: these tests are not about password strength
    }


@pytest.fixture
def app(app_config, database_url):
    app = create_app(app_config)
    yield app
    app.extensions["db_engine"].dispose()
    _empty_tables(database_url)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    from claims.db import get_session

    with app.app_context():
        yield get_session()


@pytest.fixture
def create_user(app):
    """Factory: create_user(role="reviewer", email=...) → the user, committed."""
    from claims.db import get_session

    counter = {"n": 0}

    def make(role: str = "claimant", email: str | None = None, password: str = "password123", **kwargs):
        counter["n"] += 1
        kwargs.setdefault("email_confirmed", True)  # as after following the confirmation link
        with app.app_context():
            return accounts.create_user(
                get_session(),
                email=email or f"{role}{counter['n']}@example.com",
                password=password,
                display_name=kwargs.pop("display_name", f"{role.title()} {counter['n']}"),
                role=role,
                **kwargs,
            )

    return make


# The cast of the tests: one of each role, two claimants (one reading English) and a second reviewer and
# supervisor for the four-eyes rules. `people["claimant"]` etc. are committed User rows.
PEOPLE = {
    "claimant": {"display_name": "김민준", "phone": "010-5555-1234"},
    "other": {"display_name": "이서연", "phone": "010-7777-0000"},
    "en": {"display_name": "Kim Minjun", "language": "en"},
    "reviewer": {"role": "reviewer", "display_name": "Reviewer One"},
    "reviewer2": {"role": "reviewer", "display_name": "Reviewer Two"},
    "supervisor": {"role": "supervisor", "display_name": "Supervisor One"},
    "supervisor2": {"role": "supervisor", "display_name": "Supervisor Two"},
    "admin": {"role": "admin", "display_name": "Admin"},
}


@pytest.fixture
def people(session, create_user) -> dict:
    """Everyone in PEOPLE, signed up with the password "password123", e-mail "<name>@example.com"."""
    from claims.models import User

    ids = {name: create_user(email=f"{name}@example.com", **spec).id for name, spec in PEOPLE.items()}
    return {name: session.get(User, uid) for name, uid in ids.items()}


@pytest.fixture
def login(client):
    def do(email: str, password: str = "password123", follow_redirects: bool = False):
        return client.post(
            "/login", data={"email": email, "password": password}, follow_redirects=follow_redirects
        )

    return do


@pytest.fixture
def incident(app):
    from claims.db import get_session

    with app.app_context():
        return incidents.load_incident_file(get_session())


# ---- object storage: the same tests on the local folder and on an S3 server ----------------------------

S3_BUCKET = "claims-test"


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3-compatible server (moto's server mode, on loopback) with one bucket, for the whole run."""
    import boto3
    from moto.server import ThreadedMotoServer

    saved = {
        k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")
    }
    os.environ.update(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=url).create_bucket(Bucket=S3_BUCKET)
    yield url
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(params=["folder", "s3"])
def any_store(request, app_config):
    """Run the test on both stores: `pytestmark = pytest.mark.usefixtures("any_store")` in a module.

    It runs before `app` (fixtures named by usefixtures come first), so the app is built on the chosen store.
    """
    if request.param == "s3":
        import uuid

        endpoint = request.getfixturevalue("s3_endpoint")
        app_config["STORAGE_URL"] = f"s3://{S3_BUCKET}/{uuid.uuid4().hex}"
        app_config["STORAGE_ENDPOINT_URL"] = endpoint
    return request.param
