"""Write a new self-signed key and certificate for signing decision letters (used by `make run`).

Usage: python scripts/make_letter_signing_pair.py KEY.pem CERT.pem [COMMON NAME]
Existing files are left alone. In production, prefer a certificate issued for the operator.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.letters.sign import make_self_signed  # noqa: E402


def main() -> None:
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    key_path, cert_path = Path(sys.argv[1]), Path(sys.argv[2])
    if key_path.exists() or cert_path.exists():
        print(f"{key_path} or {cert_path} exists: left as it is")
        return
    key, cert = make_self_signed(*sys.argv[3:4])
    key_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key)
    cert_path.write_bytes(cert)
    print(f"wrote {key_path} and {cert_path} (self-signed, for signing decision letters)")


if __name__ == "__main__":
    main()
