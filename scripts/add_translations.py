"""Fill missing translations of a catalogue from a JSON file {msgid: msgstr}, after `make extract-messages`.

Usage: python scripts/add_translations.py ko translations.json [--overwrite]
Prints the msgids that still have no translation. With --overwrite the file's strings also replace
translations that exist (corrections, e.g. to follow docs/glossary.md).
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

lang, source = sys.argv[1], sys.argv[2]
overwrite = "--overwrite" in sys.argv[3:]
path = Path(__file__).resolve().parent.parent / "translations" / lang / "LC_MESSAGES" / "messages.po"
strings = json.loads(Path(source).read_text(encoding="utf-8"))
with path.open("rb") as fh:
    catalog = read_po(fh, locale=lang)
missing = []
for message in catalog:
    if not message.id or (message.string and not overwrite):
        continue
    key = message.id if isinstance(message.id, str) else message.id[0]
    if overwrite and message.string and key not in strings:
        continue
    if key in strings:
        message.string = strings[key]
    else:
        missing.append(key)
catalog.fuzzy = False
with path.open("wb") as fh:
    write_po(fh, catalog, width=0, omit_header=True)
print("still missing:", json.dumps(missing, ensure_ascii=False, indent=1) if missing else "none")
