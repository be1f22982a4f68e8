"""Passkeys in the tests: an authenticator in Python (what a phone would answer to
navigator.credentials.create() and .get(), with real keys and signatures), and the site's
passkey URLs as a test client uses them.

Each credential is an EC P-256 key (ES256); registration answers use "none" attestation, as
passkey providers do. The answers are WebAuthn's JSON forms (binary values in base64url), as
static/js/passkeys.js posts them. Keyword arguments let a test give a wrong origin, RP id or
user handle, leave out user verification, or set the signature counter.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from accounts.models import User

from .conftest import PASSWORD

# The test client's requests come from http://testserver: with WEBAUTHN_RP_ID empty (no
# PUBLIC_BASE_URL, DEBUG at start), the relying party is the request's own host.
ORIGIN = "http://testserver"
OPTIONS_URL = "/account/passkeys/register/options/"
REGISTER_URL = "/account/passkeys/register/"
LOGIN_OPTIONS_URL = "/account/passkeys/login/options/"
LOGIN_URL = "/account/passkeys/login/"


# Authenticator data flags (WebAuthn §6.1).
USER_PRESENT = 0x01
USER_VERIFIED = 0x04
ATTESTED_CREDENTIAL_DATA = 0x40


@dataclass
class Credential:
    id: bytes
    key: ec.EllipticCurvePrivateKey
    user_handle: bytes
    rp_id: str
    sign_count: int = 0


class SoftAuthenticator:
    """Holds the passkeys it made, as a phone does; `counts` says whether it keeps a signature
    counter (passkeys synced by Apple and Google keep none: always 0)."""

    def __init__(self, origin: str, *, counts: bool = True):
        self.origin = origin
        self.counts = counts
        self.credentials: list[Credential] = []

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": origin or self.origin}
        ).encode()

    def create(
        self,
        options: dict,
        *,
        origin: str | None = None,
        rp_id: str | None = None,
        verified: bool = True,
        credential_id: bytes | None = None,
    ) -> dict:
        """The answer to navigator.credentials.create(publicKey=options)."""
        credential = Credential(
            id=credential_id or secrets.token_bytes(32),
            key=ec.generate_private_key(ec.SECP256R1()),
            user_handle=base64url_to_bytes(options["user"]["id"]),
            rp_id=rp_id or options["rp"]["id"],
        )
        self.credentials.append(credential)
        numbers = credential.key.public_key().public_numbers()
        cose_key = cbor2.dumps(
            {
                1: 2,  # kty: EC2
                3: -7,  # alg: ES256
                -1: 1,  # crv: P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        flags = USER_PRESENT | ATTESTED_CREDENTIAL_DATA | (USER_VERIFIED if verified else 0)
        auth_data = (
            hashlib.sha256(credential.rp_id.encode()).digest()
            + bytes([flags])
            + credential.sign_count.to_bytes(4, "big")
            + bytes(16)  # AAGUID: none given
            + len(credential.id).to_bytes(2, "big")
            + credential.id
            + cose_key
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return {
            "id": bytes_to_base64url(credential.id),
            "rawId": bytes_to_base64url(credential.id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "attestationObject": bytes_to_base64url(attestation),
                "transports": ["internal", "hybrid"],
            },
        }

    def get(
        self,
        options: dict,
        *,
        credential: Credential | None = None,
        origin: str | None = None,
        rp_id: str | None = None,
        verified: bool = True,
        sign_count: int | None = None,
        user_handle: bytes | None = None,
    ) -> dict:
        """The answer to navigator.credentials.get(publicKey=options), with the last passkey
        made (or `credential`), its counter one up (or `sign_count`)."""
        credential = credential or self.credentials[-1]
        if sign_count is not None:
            credential.sign_count = sign_count
        elif self.counts:
            credential.sign_count += 1
        flags = USER_PRESENT | (USER_VERIFIED if verified else 0)
        auth_data = (
            hashlib.sha256((rp_id or options["rpId"]).encode()).digest()
            + bytes([flags])
            + credential.sign_count.to_bytes(4, "big")
        )
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = credential.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": bytes_to_base64url(credential.id),
            "rawId": bytes_to_base64url(credential.id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "authenticatorData": bytes_to_base64url(auth_data),
                "signature": bytes_to_base64url(signature),
                "userHandle": bytes_to_base64url(user_handle or credential.user_handle),
            },
        }


# -- the site's side ---------------------------------------------------------------------------


def registration_options(client, name="iPhone", password=PASSWORD) -> dict:
    response = client.post(OPTIONS_URL, {"name": name, "password": password})
    assert response.status_code == 200, response.content.decode()
    return response.json()


def post_json(client, url, body):
    return client.post(url, body, content_type="application/json")


def register(client, phone, name="iPhone", **answer):
    credential = phone.create(registration_options(client, name), **answer)
    return post_json(client, REGISTER_URL, {"credential": credential})


def login_options(client) -> dict:
    response = client.post(LOGIN_OPTIONS_URL)
    assert response.status_code == 200
    return response.json()


def log_in(client, phone, next_url=None, **answer):
    body = {"credential": phone.get(login_options(client), **answer)}
    if next_url is not None:
        body["next"] = next_url
    return post_json(client, LOGIN_URL, body)


def logged_in_as(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return user_id and User.objects.get(pk=user_id)
