"""PAdES signatures on decision letters (pyHanko): sign a rendered letter, and check a signed one offline.

The signature is an incremental update appended to the rendered letter, so the unsigned body stays the first
bytes of the signed file, byte for byte (`unsigned_body`). One `LetterSigner` is made per worker process: it
holds the loaded key, and the CMS container that pyHanko builds for it once (see `_CmsTemplate`).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.signers.cms_embedder import PdfCMSEmbedder, SigIOSetup, SigObjSetup
from pyhanko.sign.signers.constants import ESIC_EXTENSION_1
from pyhanko.sign.signers.pdf_byterange import SignatureObject
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

FIELD = "PortalSignature"
DIGEST = "sha256"
_SENTINEL = hashlib.sha256(b"claims.letters signature template").digest()


class SigningKeyError(ValueError):
    """The signing key or certificate cannot be read, or they do not belong together."""


class _KeySigner(Signer):
    """A pyHanko signer around a key loaded once (pyHanko's SimpleSigner loads its key per signature)."""

    def __init__(self, key, certificate) -> None:
        self._key = key
        super().__init__(signing_cert=certificate, embed_roots=True)

    def raw_signature(self, data: bytes) -> bytes:
        if isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(hashes.SHA256()))
        return self._key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        if digest_algorithm != DIGEST:
            raise ValueError(f"letters are signed with {DIGEST}, not {digest_algorithm}")
        return self.raw_signature(data)


class _Placeholder(_KeySigner):
    """Signs everything with one fixed byte string: builds a template whose signature is a placeholder."""

    def __init__(self, signer: _KeySigner, placeholder: bytes) -> None:
        super().__init__(signer._key, signer.signing_cert)
        self._placeholder = placeholder

    def raw_signature(self, data: bytes) -> bytes:
        return self._placeholder


class _CmsTemplate:
    """The PAdES CMS container of this signer, built by pyHanko once per signature length, then filled in.

    For a given key and certificate, the container pyHanko builds differs between documents only in the
    message digest (a fixed-length signed attribute) and the signature value. Building it costs ~15 ms of
    asn1crypto work per letter; filling in the template costs ~0.1 ms. An RSA signature always has the
    modulus's length; an ECDSA signature (DER) is 70 to 72 bytes, and the container's lengths follow it, so
    pyHanko builds one template for each length the signatures come in (with a placeholder of that length, at
    the first signature of that length in the process). Drawing ECDSA signatures again until one had the
    first template's length cost ~3 signatures a letter. tests/letters checks that a filled template is
    byte-identical to pyHanko's own container (RSA signatures are deterministic) and validates both.
    """

    def __init__(self, signer: _KeySigner) -> None:
        self._signer = signer
        container = _outside_event_loop(asyncio.run, signer.async_sign(_SENTINEL, DIGEST, use_pades=True))
        signer_info = container["content"]["signer_infos"][0]
        # The signature covers the signed attributes DER-encoded as a SET (RFC 5652 §5.4), not as [0].
        self._signed_attrs = b"\x31" + signer_info["signed_attrs"].dump()[1:]
        signature = signer_info["signature"].native
        self.der = container.dump()
        self._templates: dict[int, tuple[bytes, bytes]] = {}  # signature length -> (container, placeholder)
        self._lock = threading.Lock()
        self._add(self.der, signature)

    def _add(self, der: bytes, placeholder: bytes) -> tuple[bytes, bytes]:
        for part in (_SENTINEL, placeholder):
            if der.count(part) != 1:  # pragma: no cover - pyHanko changed its container
                raise RuntimeError("the signature template cannot be filled in safely")
        self._templates[len(placeholder)] = (der, placeholder)
        return der, placeholder

    def _template(self, length: int) -> tuple[bytes, bytes]:
        found = self._templates.get(length)
        if found is not None:
            return found
        with self._lock:
            if length in self._templates:
                return self._templates[length]
            seed = hashlib.sha512(b"claims.letters signature placeholder").digest()
            placeholder = (seed * (length // len(seed) + 1))[:length]
            builder = _Placeholder(self._signer, placeholder)
            container = _outside_event_loop(
                asyncio.run, builder.async_sign(_SENTINEL, DIGEST, use_pades=True)
            )
            return self._add(container.dump(), placeholder)

    def sign(self, document_digest: bytes) -> bytes:
        signature = self._signer.raw_signature(self._signed_attrs.replace(_SENTINEL, document_digest))
        der, placeholder = self._template(len(signature))
        return der.replace(_SENTINEL, document_digest).replace(placeholder, signature)


def load_key(data: bytes, source: str = "the signing key"):
    """An unencrypted PEM private key."""
    try:
        return serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(f"{source}: not an unencrypted PEM private key") from exc


def load_certificate(data: bytes, source: str = "the signing certificate"):
    """The first certificate of a PEM or DER file (as pyHanko reads it)."""
    try:
        certificates = list(load_certs_from_pemder_data(data))
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(f"{source}: not a PEM or DER certificate") from exc
    if not certificates:
        raise SigningKeyError(f"{source}: not a PEM or DER certificate")
    return certificates[0]


class LetterSigner:
    """Signs rendered letters with one key and certificate; make one per process and reuse it."""

    def __init__(self, key, certificate) -> None:
        public = x509.load_der_x509_certificate(certificate.dump()).public_key()
        if public.public_numbers() != key.public_key().public_numbers():
            raise SigningKeyError("the signing key does not belong to the certificate")
        if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
            raise SigningKeyError("the signing key must be an EC or RSA key")
        self.certificate = certificate
        self._signer = _KeySigner(key, certificate)
        self._template = _CmsTemplate(self._signer)
        # Room for the longest container (an ECDSA signature is at most 2 bytes longer than the first
        # template's, and its DER lengths one byte each); pyHanko counts the reserved room in hex digits.
        self._reserved = 2 * (len(self._template.der) + 8) + 64

    @classmethod
    def from_pem(cls, key: bytes, certificate: bytes) -> LetterSigner:
        return cls(load_key(key), load_certificate(certificate))

    @classmethod
    def from_files(cls, key_path: str | Path, cert_path: str | Path) -> LetterSigner:
        """The signer of a key file and a certificate file; SigningKeyError says which one is wrong."""
        files = []
        for path in (key_path, cert_path):
            try:
                files.append(Path(path).read_bytes())
            except OSError as exc:
                raise SigningKeyError(f"{path}: cannot be read ({exc.strerror})") from exc
        return cls(load_key(files[0], str(key_path)), load_certificate(files[1], str(cert_path)))

    def sign(self, pdf: bytes) -> bytes:
        """The letter with a PAdES signature appended; `pdf` stays the file's first bytes.

        This drives pyHanko's low-level embedding protocol (`PdfCMSEmbedder.write_cms`) itself rather than
        `PdfSigner`: a letter has no seed values, no certification, no appearance and no timestamp to
        negotiate, and the CMS container comes from the template. That saves ~30% of the signature's CPU
        (bench/letters_bench.py) and needs no event loop. The file is marked PDF 1.7 with the ESIC extension,
        as `PdfSigner` does for PAdES below PDF 2.0 (it would move an ECDSA-signed file to PDF 2.0 and add an
        XMP stream).
        """
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        writer.ensure_output_version(version=(1, 7))
        writer.register_extension(ESIC_EXTENSION_1)
        embedding = PdfCMSEmbedder().write_cms(field_name=FIELD, writer=writer)
        next(embedding)  # creates the (invisible) signature field
        placeholder = SignatureObject(
            timestamp=datetime.now(UTC),
            subfilter=fields.SigSeedSubFilter.PADES,
            bytes_reserved=self._reserved,
        )
        embedding.send(SigObjSetup(sig_placeholder=placeholder))
        prepared, output = embedding.send(SigIOSetup(md_algorithm=DIGEST))
        embedding.send(self._template.sign(prepared.document_digest))
        return output.getvalue()


def _outside_event_loop(function, *args):
    """function(*args), in a thread of its own when this thread runs an event loop: pyHanko drives its
    signing and validation with asyncio.run, which cannot nest in a running loop (an async caller, or
    Playwright's sync API in the browser tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def unsigned_body(pdf: bytes) -> bytes:
    """The letter as rendered: a signed letter's bytes up to the end of its first revision."""
    end = pdf.find(b"%%EOF")
    if end < 0:
        return pdf
    end += 5
    while end < len(pdf) and pdf[end] in b"\r\n":
        end += 1
    return pdf[:end]


@dataclass(frozen=True)
class SignatureCheck:
    """What a signed letter's signature says, checked offline against the portal's certificate."""

    is_pdf: bool
    signed: bool = False
    valid: bool = False  # cryptographically sound and made with the portal's certificate
    intact: bool = False  # the signature covers the whole file: nothing changed or added after signing
    signer: str = ""
    signed_at: datetime | None = None
    keywords: str = ""  # the document's keywords: a letter lists its claim reference and verification code
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.is_pdf and self.signed and self.valid and self.intact


def check_signature(pdf: bytes, trusted: list) -> SignatureCheck:
    """Check a file offline: a PDF, signed once, by a trusted certificate, unchanged since signing."""
    return _outside_event_loop(_check_signature, pdf, trusted)


def _check_signature(pdf: bytes, trusted: list) -> SignatureCheck:
    if not pdf.startswith(b"%PDF-"):
        return SignatureCheck(is_pdf=False, problem="not a PDF file")
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, OSError) as exc:
        return SignatureCheck(is_pdf=False, problem=f"the PDF cannot be read ({exc})")
    try:
        keywords = str(reader.trailer["/Info"].get("/Keywords") or "")
    except (KeyError, TypeError, ValueError, PdfReadError):
        keywords = ""
    if not signatures:
        return SignatureCheck(is_pdf=True, keywords=keywords, problem="the file carries no signature")
    if len(signatures) > 1:
        return SignatureCheck(
            is_pdf=True, signed=True, keywords=keywords, problem="the file carries more than one signature"
        )
    context = ValidationContext(trust_roots=trusted, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(signatures[0], context)
    except Exception as exc:  # noqa: BLE001 - any failure to validate is an invalid signature
        return SignatureCheck(
            is_pdf=True, signed=True, keywords=keywords, problem=f"the signature cannot be checked ({exc})"
        )
    intact = status.intact and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return SignatureCheck(
        is_pdf=True,
        signed=True,
        valid=bool(status.intact and status.valid and status.trusted),
        intact=bool(intact),
        signer=status.signing_cert.subject.human_friendly,
        signed_at=signatures[0].self_reported_timestamp,
        keywords=keywords,
        problem=(
            "the file was changed after it was signed"
            if not intact
            else ""
            if status.trusted
            else "not signed with the portal's certificate"
        ),
    )


def make_self_signed(common_name: str = "Outage Claims Portal (self-signed)", days: int = 3650):
    """A new EC P-256 key and a self-signed certificate for signing letters, as PEM bytes (key, cert)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)
