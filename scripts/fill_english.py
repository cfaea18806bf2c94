"""Keep the English catalogue complete: English is the source language, so each msgstr is its msgid."""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

path = Path(__file__).resolve().parent.parent / "translations" / "en" / "LC_MESSAGES" / "messages.po"
with path.open("rb") as fh:
    catalog = read_po(fh, locale="en")
for message in catalog:
    if message.id and not message.string:
        message.string = message.id
catalog.fuzzy = False
with path.open("wb") as fh:
    write_po(fh, catalog, width=0)
