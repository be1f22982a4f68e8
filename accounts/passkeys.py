"""Passkeys (パスキー, WebAuthn; issue #16 item 5): registering one from the マイページ, and a
login with one instead of the password and the login code. The views only carry JSON between
these functions and the browser's navigator.credentials; py_webauthn checks the answers.

What holds:
- a passkey is a discoverable credential made with user verification (residentKey and
  userVerification "required"); an authenticator that holds one of the account's passkeys is
  not offered to register another (excludeCredentials), and a credential id is stored once;
- the relying party is settings.WEBAUTHN_RP_ID and answers are taken only from
  settings.WEBAUTHN_ORIGIN (both empty: the request's own host, allowed with DEBUG only:
  settings.PASSKEYS_ENABLED);
- a challenge is 64 random bytes kept in the session, one for a registration and one for a
  login, each taken out of the session before its answer is checked and refused after
  settings.PASSKEY_CHALLENGE_LIFETIME: an answer is checked at most once;
- a login needs a registered credential, the user handle of that passkey, user verification, a
  valid signature, and a signature counter above the stored one unless both are 0 (an
  authenticator that keeps no counter); one that is not is refused and logged, as it may come
  from a copied authenticator. The counter and last_used_at are written under a row lock;
- every refused login counts against the client's login limit ("login_failure_per_client",
  accounts.password_attempts), and none is checked while that limit is reached;
- the WebAuthn user handle is 32 random bytes, the same for every passkey of an account (it
  is taken from the account's first one), never its pk or mail address.
"""

import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    bytes_to_base64url,
    generate_challenge,
    parse_authentication_credential_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from . import mail, password_attempts, throttle
from .models import Passkey, User

logger = logging.getLogger(__name__)

# Session keys of the challenges: apart, so that a registration's never serves a login.
_REGISTRATION = "passkey_registration"
_LOGIN = "passkey_login"
USER_HANDLE_BYTES = 32
# The longest credential id WebAuthn allows (Passkey.credential_id holds its base64url).
MAX_CREDENTIAL_ID_BYTES = 1023
# What a malformed answer raises inside py_webauthn besides its own errors (bad base64url,
# CBOR or JSON, a missing key).
_MALFORMED = (WebAuthnException, ValueError, TypeError, KeyError, IndexError)


class Refusal(StrEnum):
    NO_CHALLENGE = "no-challenge"  # none asked for, or already used
    EXPIRED = "expired"
    INVALID = "invalid"  # py_webauthn refused it: origin, RP id, signature, no UV …
    ALREADY_REGISTERED = "already-registered"
    UNKNOWN_CREDENTIAL = "unknown-credential"
    USER_HANDLE_MISMATCH = "user-handle-mismatch"
    SIGN_COUNT = "sign-count"
    INACTIVE = "inactive"
    LIMITED = "limited"  # the client's login limit is reached


class PasskeyRefused(Exception):
    def __init__(self, reason: Refusal, limited: throttle.Limited | None = None):
        super().__init__(reason)
        self.reason = reason
        self.limited = limited


@dataclass(frozen=True)
class RelyingParty:
    id: str
    origin: str


def relying_party(request: HttpRequest) -> RelyingParty:
    """settings.WEBAUTHN_RP_ID and WEBAUTHN_ORIGIN, or else this request's host (see settings)."""
    if settings.WEBAUTHN_RP_ID:
        return RelyingParty(settings.WEBAUTHN_RP_ID, settings.WEBAUTHN_ORIGIN)
    host = request.get_host()
    return RelyingParty(split_domain_port(host)[0], f"{request.scheme}://{host}")


def _issue_challenge(request: HttpRequest, key: str, **state) -> bytes:
    challenge = generate_challenge()
    request.session[key] = {
        "challenge": bytes_to_base64url(challenge),
        "issued_at": timezone.now().timestamp(),
        **state,
    }
    return challenge


def _take_challenge(request: HttpRequest, key: str) -> dict:
    """The challenge's state, removed from the session whatever comes of its answer."""
    state = request.session.pop(key, None)
    if not state:
        raise PasskeyRefused(Refusal.NO_CHALLENGE)
    issued_at = datetime.fromtimestamp(state["issued_at"], tz=UTC)
    if timezone.now() - issued_at > settings.PASSKEY_CHALLENGE_LIFETIME:
        raise PasskeyRefused(Refusal.EXPIRED)
    return state


def _timeout_ms() -> int:
    return int(settings.PASSKEY_CHALLENGE_LIFETIME.total_seconds() * 1000)


def _user_handle(user: User) -> str:
    existing = user.passkeys.values_list("user_handle", flat=True).first()
    return existing or bytes_to_base64url(secrets.token_bytes(USER_HANDLE_BYTES))


def _transports(names: list[str]) -> list[AuthenticatorTransport]:
    known = {transport.value for transport in AuthenticatorTransport}
    return [AuthenticatorTransport(name) for name in names if name in known]


# -- registration -------------------------------------------------------------------------------


def registration_options(request: HttpRequest, user: User, name: str) -> dict:
    """The options for navigator.credentials.create() (as JSON), for a passkey called `name`."""
    user_handle = _user_handle(user)
    challenge = _issue_challenge(request, _REGISTRATION, name=name, user_handle=user_handle)
    options = generate_registration_options(
        rp_id=relying_party(request).id,
        rp_name=_("ハローワーク 求職者マイページ"),
        user_id=base64url_to_bytes(user_handle),
        # What the phone's passkey list shows: the login ID the person knows.
        user_name=user.email,
        user_display_name=user.email,
        challenge=challenge,
        timeout=_timeout_ms(),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(
                id=base64url_to_bytes(passkey.credential_id),
                transports=_transports(passkey.transports),
            )
            for passkey in user.passkeys.all()
        ],
    )
    return json.loads(options_to_json(options))


def register(request: HttpRequest, user: User, credential: dict) -> Passkey:
    """Stores the passkey that answers this session's registration challenge, and mails the
    account's address about it; PasskeyRefused if the answer is not one to store."""
    state = _take_challenge(request, _REGISTRATION)
    relying = relying_party(request)
    try:
        parsed = parse_registration_credential_json(credential)
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=base64url_to_bytes(state["challenge"]),
            expected_rp_id=relying.id,
            expected_origin=relying.origin,
            require_user_verification=True,
        )
    except _MALFORMED as error:
        logger.info("Passkey registration refused: %s", error)
        raise PasskeyRefused(Refusal.INVALID) from error
    if len(verified.credential_id) > MAX_CREDENTIAL_ID_BYTES:
        raise PasskeyRefused(Refusal.INVALID)
    try:
        with transaction.atomic():
            passkey = Passkey.objects.create(
                user=user,
                name=state["name"],
                credential_id=bytes_to_base64url(verified.credential_id),
                public_key=verified.credential_public_key,
                sign_count=verified.sign_count,
                user_handle=state["user_handle"],
                transports=[transport.value for transport in parsed.response.transports or []],
            )
    except IntegrityError as error:
        raise PasskeyRefused(Refusal.ALREADY_REGISTERED) from error
    site_url = request.build_absolute_uri("/").rstrip("/")
    mail.send_passkey_added(user, passkey.name, passkey.created_at, site_url)
    return passkey


# -- login --------------------------------------------------------------------------------------


def authentication_options(request: HttpRequest) -> dict:
    """The options for navigator.credentials.get() (as JSON): no allowCredentials, so the
    browser offers every passkey it holds for the site and the answer says whose it is."""
    options = generate_authentication_options(
        rp_id=relying_party(request).id,
        challenge=_issue_challenge(request, _LOGIN),
        timeout=_timeout_ms(),
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return json.loads(options_to_json(options))


def authenticate(request: HttpRequest, credential: dict) -> User:
    """The account whose passkey answers this session's login challenge; PasskeyRefused, and
    one failure counted against the client's login limit, if there is none."""
    state = _take_challenge(request, _LOGIN)
    client = throttle.client_address(request)
    if limited := password_attempts.refused("", client):
        raise PasskeyRefused(Refusal.LIMITED, limited)
    try:
        passkey = _verify_assertion(request, state, credential)
    except PasskeyRefused as refusal:
        # Outside the transaction, as throttle.record needs.
        password_attempts.count_failure("", client)
        logger.info("Passkey login refused from %s: %s", client, refusal.reason)
        raise
    if not passkey.user.is_active:
        raise PasskeyRefused(Refusal.INACTIVE)
    return passkey.user


def _verify_assertion(request: HttpRequest, state: dict, credential: dict) -> Passkey:
    relying = relying_party(request)
    try:
        parsed = parse_authentication_credential_json(credential)
    except _MALFORMED as error:
        raise PasskeyRefused(Refusal.INVALID) from error
    with transaction.atomic():
        passkey = (
            Passkey.objects.select_for_update()
            .select_related("user")
            .filter(credential_id=bytes_to_base64url(parsed.raw_id))
            .first()
        )
        if passkey is None:
            raise PasskeyRefused(Refusal.UNKNOWN_CREDENTIAL)
        if parsed.response.user_handle != base64url_to_bytes(passkey.user_handle):
            raise PasskeyRefused(Refusal.USER_HANDLE_MISMATCH)
        try:
            verified = verify_authentication_response(
                credential=parsed,
                expected_challenge=base64url_to_bytes(state["challenge"]),
                expected_rp_id=relying.id,
                expected_origin=relying.origin,
                credential_public_key=bytes(passkey.public_key),
                # 0 turns py_webauthn's own counter check off: it is done below, after the
                # signature, so that only a genuine answer is logged as a counter gone back.
                credential_current_sign_count=0,
                require_user_verification=True,
            )
        except _MALFORMED as error:
            raise PasskeyRefused(Refusal.INVALID) from error
        counted = verified.new_sign_count
        if (counted or passkey.sign_count) and counted <= passkey.sign_count:
            logger.warning(
                "Passkey %s of account %s: signature counter %d is not above %d; refused, as "
                "the authenticator may have been copied.",
                passkey.pk,
                passkey.user_id,
                counted,
                passkey.sign_count,
            )
            raise PasskeyRefused(Refusal.SIGN_COUNT)
        passkey.sign_count = counted
        passkey.last_used_at = timezone.now()
        passkey.save(update_fields=["sign_count", "last_used_at"])
    return passkey
