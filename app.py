"""The WSGI entry point: `flask --app app …` and `gunicorn app:app`."""

from claims import create_app

app = create_app()
