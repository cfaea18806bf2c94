"""Outgoing e-mail: SMTP when MAIL_SERVER is set, otherwise .eml files in instance/outbox/."""

from __future__ import annotations

import smtplib
import uuid
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from flask import current_app

from claims.i18n import KST


def send_mail(to: str, subject: str, body: str) -> EmailMessage:
    """Send one plain-text message; returns the message (the outbox copy is named after its id)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(KST))  # required by RFC 5322; spam filters insist
    message["Message-ID"] = f"<{uuid.uuid4().hex}@outage-claims>"
    message.set_content(body)
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
        current_app.logger.info("mail sent to %s: %s", to, subject)
    else:
        outbox = Path(config["MAIL_OUTBOX"])
        outbox.mkdir(parents=True, exist_ok=True)
        path = outbox / f"{message['Message-ID'].strip('<>').split('@')[0]}.eml"
        path.write_bytes(bytes(message))
        current_app.logger.info("mail to %s written to %s: %s", to, path, subject)
    return message
