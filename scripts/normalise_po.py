"""Write both catalogues in one stable shape (no header, no wrapping), so that branches merge cleanly.

Run by `make extract-messages` after `pybabel update`; English is then filled from its msgids.
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

root = Path(__file__).resolve().parent.parent / "translations"
for lang in ("ko", "en"):
    path = root / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    if lang == "en":  # English is the source language: each msgstr is its msgid
        for message in catalog:
            if message.id and not message.string:
                message.string = message.id
    catalog.fuzzy = False
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0, omit_header=True)
