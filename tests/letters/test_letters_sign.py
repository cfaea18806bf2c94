"""PAdES signatures: a signed letter is its rendered body plus a signature that a PDF reader, pyHanko and
`check_signature` accept; one changed byte, another key or no signature at all is refused."""

from __future__ import annotations

import asyncio
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from letters_support import make_letter, require_tools

from claims.letters import render_letter
from claims.letters.sign import (
    DIGEST,
    LetterSigner,
    SigningKeyError,
    check_signature,
    load_certificate,
    make_self_signed,
    unsigned_body,
)

PAIR = make_self_signed("Test Letters Office")
SIGNER = LetterSigner.from_pem(*PAIR)


@pytest.fixture(scope="module")
def signed() -> tuple[bytes, bytes]:
    body = render_letter(make_letter("ko"))
    return body, SIGNER.sign(body)


def test_the_signed_file_is_the_rendered_body_plus_a_valid_signature(signed):
    body, pdf = signed
    assert pdf.startswith(body) and unsigned_body(pdf) == body
    assert unsigned_body(pdf) == render_letter(make_letter("ko"))  # the body stays deterministic
    check = check_signature(pdf, [SIGNER.certificate])
    assert check.ok and check.valid and check.intact and "Test Letters Office" in check.signer
    assert "KC-2210-7F3K9Q" in check.keywords and "V7K2-9QXM-4TJD" in check.keywords


def test_two_signatures_of_one_body_differ_but_keep_the_body(signed):
    body, pdf = signed
    again = SIGNER.sign(body)
    assert unsigned_body(again) == body
    assert check_signature(again, [SIGNER.certificate]).ok


@pytest.mark.parametrize("where", [100, 20_000, -600])
def test_one_changed_byte_is_refused(signed, where):
    _body, pdf = signed
    changed = bytearray(pdf)
    changed[where] ^= 0x01
    check = check_signature(bytes(changed), [SIGNER.certificate])
    assert not check.ok


def test_another_certificate_unsigned_and_non_pdf_files_are_refused(signed):
    body, pdf = signed
    other = load_certificate(make_self_signed("Someone Else")[1])
    check = check_signature(pdf, [other])
    assert not check.ok and check.intact and "portal's certificate" in check.problem
    assert check_signature(body, [SIGNER.certificate]).problem == "the file carries no signature"
    assert not check_signature(b"GIF89a...", [SIGNER.certificate]).is_pdf
    assert not check_signature(b"%PDF-1.4 truncated", [SIGNER.certificate]).ok
    appended = pdf + b"\n% a later addition\n"
    assert not check_signature(appended, [SIGNER.certificate]).intact


def test_pdfsig_accepts_the_signature(signed, tmp_path):
    require_tools("pdfsig")
    import subprocess

    path = tmp_path / "letter.pdf"
    path.write_bytes(signed[1])
    out = subprocess.run(["pdfsig", path], capture_output=True, text=True, timeout=60).stdout
    assert "Signature Validation: Signature is Valid." in out
    assert "Total document signed" in out and "ETSI.CAdES.detached" in out
    changed = bytearray(signed[1])
    changed[20_000] ^= 0x01
    path.write_bytes(bytes(changed))
    out = subprocess.run(["pdfsig", path], capture_output=True, text=True, timeout=60).stdout
    assert "Signature is Valid." not in out


def test_the_filled_template_is_pyhankos_own_container():
    """The per-worker CMS template gives, for an RSA key (deterministic signatures), exactly the container
    pyHanko builds itself."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    from claims.letters.sign import _KeySigner  # the pyHanko signer the template is built with

    cert_pem = _certificate_for(key)
    signer = LetterSigner.from_pem(key_pem, cert_pem)
    digest = hashlib.sha256(b"a letter").digest()
    ours = signer._template.sign(digest)
    pyhanko_signer = _KeySigner(key, load_certificate(cert_pem))
    theirs = _in_a_thread(
        lambda: asyncio.run(pyhanko_signer.async_sign(digest, DIGEST, use_pades=True))
    ).dump()
    assert ours == theirs
    body = render_letter(make_letter("en"))
    assert check_signature(signer.sign(body), [signer.certificate]).ok


def _certificate_for(key) -> bytes:
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RSA Letters Office")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM)


def test_a_key_that_does_not_belong_to_the_certificate_is_refused(tmp_path):
    other_key, _ = make_self_signed()
    with pytest.raises(SigningKeyError, match="does not belong"):
        LetterSigner.from_pem(other_key, PAIR[1])
    with pytest.raises(SigningKeyError, match="not an unencrypted PEM private key"):
        LetterSigner.from_pem(b"not a key", PAIR[1])
    with pytest.raises(SigningKeyError, match="cannot be read"):
        LetterSigner.from_files(tmp_path / "missing.pem", tmp_path / "missing.crt")


def test_signing_and_checking_work_inside_a_running_event_loop(signed):
    """pyHanko runs its own event loop; an async caller (or Playwright's sync API) must not break it."""
    body, _pdf = signed

    async def caller() -> tuple[bytes, bool]:
        pdf = SIGNER.sign(body)
        return pdf, check_signature(pdf, [SIGNER.certificate]).ok

    pdf, ok = _in_a_thread(lambda: asyncio.run(caller()))
    assert ok and unsigned_body(pdf) == body


def _in_a_thread(function):
    """Run function in a fresh thread: the browser tests' Playwright keeps an event loop in the main one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def test_an_ecdsa_signature_of_any_length_has_its_template_and_room(signed):
    """ECDSA signatures (DER) are 70 to 72 bytes: each length gets pyHanko's container once, no re-drawing."""
    body, _pdf = signed
    template = SIGNER._template
    for length in (70, 71, 72):
        der, placeholder = template._template(length)
        assert len(placeholder) == length and der.count(placeholder) == 1
        assert 2 * len(der) <= SIGNER._reserved
    calls = []
    original = SIGNER._signer.raw_signature
    SIGNER._signer.raw_signature = lambda data: calls.append(data) or original(data)
    try:
        pdf = SIGNER.sign(body)
    finally:
        del SIGNER._signer.raw_signature
    assert len(calls) == 1 and check_signature(pdf, [SIGNER.certificate]).ok
