"""Accounts (mail address as the login), mailed 認証キー, mails sent, and rate-limit events."""

from datetime import datetime
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("An account needs a mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A 求職者マイページ account, or a counter staff login (is_staff, with an office)."""

    email = models.EmailField(_("メールアドレス"), max_length=100, unique=True)
    # A staff member's name, as the counter's records show who did what (#15 items 7, 8); a
    # job seeker's name is in their application, not here.
    name = models.CharField(
        _("氏名"),
        max_length=50,
        blank=True,
        help_text=_("職員の氏名。職業相談や窓口受付、履歴に、記録した職員として表示されます。"),
    )
    is_staff = models.BooleanField(_("職員"), default=False)
    is_active = models.BooleanField(_("有効"), default=True)
    date_joined = models.DateTimeField(_("登録日時"), default=timezone.now)
    office = models.ForeignKey(
        "jobseeker.Office",
        verbose_name=_("所属ハローワーク"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )

    # Raised to end every session of the account at once (accounts.login_codes.end_sessions):
    # it is part of the session's check value, as the password hash is.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("アカウント")
        verbose_name_plural = _("アカウント")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        """The name the admin shows (its header, its history): the staff member's name if set."""
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()

    def _get_session_auth_hash(self, secret=None):
        # Django checks a session against this HMAC (with each SECRET_KEY_FALLBACKS secret too);
        # a raised epoch makes every existing session's value stale. At epoch 0 it is Django's
        # own value, so sessions made before the field existed stay valid.
        value = super()._get_session_auth_hash(secret=secret)
        if not self.session_epoch:
            return value
        return salted_hmac(
            "accounts.User.session_epoch",
            f"{value}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def save(self, *args, **kwargs):
        password_changed = self._password is not None
        super().save(*args, **kwargs)
        if password_changed:
            # A new password, from any page or command: no browser stays trusted with the old
            # one (issue #16 item 2). Django ends the other sessions itself.
            self.trusted_browsers.all().delete()


# A 認証キー is this many characters long (SPEC "Rules").
KEY_LENGTH = 10


class AuthKeyState(StrEnum):
    ACTIVE = "active"
    USED = "used"
    BURNED = "burned"
    SUPERSEDED = "superseded"
    EXPIRED = "expired"


class AuthKeyPurpose(models.TextChoices):
    SIGNUP = "signup", _("アカウント登録")
    CHANGE_EMAIL = "change_email", _("メールアドレスの変更")
    # Started by counter staff for a person whose mailbox no longer works (issue #16 item 4).
    COUNTER_CHANGE_EMAIL = "counter_change_email", _("窓口でのメールアドレスの変更")
    LOGIN = "login", _("ログイン用ワンタイムパスワード")


class AuthKey(models.Model):
    """One mailed 認証キー. Only an HMAC of the key is kept; see accounts.services."""

    email = models.EmailField(_("メールアドレス"), max_length=100)
    purpose = models.CharField(
        _("用途"), max_length=20, choices=AuthKeyPurpose, default=AuthKeyPurpose.SIGNUP
    )
    # For a change of address: the account that asked; a key for it works for no one else.
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    key_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("送信日時"), default=timezone.now)
    expires_at = models.DateTimeField(_("有効期限"))
    failed_attempts = models.PositiveSmallIntegerField(_("誤入力回数"), default=0)
    used_at = models.DateTimeField(_("使用日時"), null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    burned_at = models.DateTimeField(null=True, blank=True)
    # The client as the per-client limits count it: IPv4 address or IPv6 /64 (accounts.throttle).
    requested_from = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("認証キー")
        verbose_name_plural = _("認証キー")
        indexes = [models.Index(fields=["email", "purpose", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M}"

    def state(self, now: datetime) -> AuthKeyState:
        if self.used_at:
            return AuthKeyState.USED
        if self.burned_at:
            return AuthKeyState.BURNED
        if self.superseded_at:
            return AuthKeyState.SUPERSEDED
        if now >= self.expires_at:
            return AuthKeyState.EXPIRED
        return AuthKeyState.ACTIVE


class SentMail(models.Model):
    """A mail to a person: queued, then sent by a task (accounts.tasks), and what is known of
    its delivery.

    Until it is sent or given up, the row holds the message sealed (accounts.sealing); then only
    what the provider said: its answer at sending, and the latest event its tracking webhook
    reported since (MailEvent, accounts.tracking). Each try is a DeliveryAttempt.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("送信待ち")
        QUEUED = "queued", _("配信事業者で処理中")
        SENT = "sent", _("送信済み")
        DELIVERED = "delivered", _("配信済み")
        BOUNCED = "bounced", _("不達（宛先不明など）")
        REJECTED = "rejected", _("送信拒否")
        FAILED = "failed", _("送信失敗")
        # A key mail not sent yet when a newer key was asked for: it would only be a wrong key.
        CANCELLED = "cancelled", _("送信取りやめ（新しい認証キーを送信）")
        COMPLAINED = "complained", _("迷惑メールとして報告")
        UNKNOWN = "unknown", _("不明")

    class Kind(models.TextChoices):
        AUTH_KEY = "auth-key", _("認証キー（アカウント仮登録完了通知）")
        ACCOUNT_EXISTS = "account-exists", _("アカウントのご案内（登録済みのアドレス）")
        ADDRESS_CHANGE_KEY = "address-change-key", _("メールアドレス変更の認証キー")
        ADDRESS_TAKEN = "address-taken", _("メールアドレス変更のお申込みについて")
        ADDRESS_CHANGED = "address-changed", _("メールアドレス変更の通知")
        PASSWORD_RESET = "password-reset", _("パスワードの再設定")
        REGISTRATION_COMPLETE = "registration-complete", _("求職登録完了のお知らせ")
        ACCOUNT_DELETED = "account-deleted", _("アカウント削除の通知")
        LOGIN_CODE = "login-code", _("ログイン用ワンタイムパスワード")
        BROWSER_TRUSTED = "browser-trusted", _("信頼済みブラウザ登録の通知")
        COUNTER_ADDRESS_CHANGE_KEY = (
            "counter-address-change-key",
            _("窓口でのメールアドレス変更の認証キー"),
        )
        PASSKEY_ADDED = "passkey-added", _("パスキー登録の通知")
        EXPIRY_SOON = "expiry-soon", _("有効期限の14日前のお知らせ")
        EXPIRY_LAPSED = "expiry-lapsed", _("有効期限切れのお知らせ")

    to = models.EmailField(_("宛先"), max_length=100, db_index=True)
    # The account the mail concerns, whose deletion takes the record with it; empty for a signup
    # key until its account opens (accounts.services.open_account links it then).
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("アカウント"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sent_mails",
    )
    tag = models.CharField(_("種類"), max_length=50, choices=Kind)
    esp_message_id = models.CharField(max_length=200, blank=True, db_index=True)
    status = models.CharField(_("配信状況"), max_length=20, choices=Status)
    # When it was queued: the time a person who waits for it knows.
    sent_at = models.DateTimeField(_("送信日時"), default=timezone.now)
    # When the provider's latest event happened; empty while `status` is the answer at sending.
    status_at = models.DateTimeField(_("配信状況の日時"), null=True, blank=True)
    status_detail = models.CharField(_("配信状況の詳細"), max_length=300, blank=True)
    # Subject and body, sealed; emptied once the mail is sent or given up.
    sealed_message = models.TextField(blank=True, editable=False)
    # A mail still unsent then is given up (a 認証キー that has expired is worth nothing).
    send_before = models.DateTimeField(_("送信期限"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("次の送信予定"), null=True, blank=True)
    # False for a mail whose record must not outlive its sending (the confirmation of an
    # account's deletion: the address is to be forgotten).
    keep_record = models.BooleanField(default=True, editable=False)

    class Meta:
        verbose_name = _("送信メール")
        verbose_name_plural = _("送信メール")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M} {self.tag} {self.status}"


class DeliveryAttempt(models.Model):
    """One try at handing a SentMail to the mail provider, and what came of it."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("送信")
        RETRY = "retry", _("失敗（再送予定）")
        FAILED = "failed", _("失敗（再送しない）")

    sent_mail = models.ForeignKey(
        SentMail,
        verbose_name=_("送信メール"),
        on_delete=models.CASCADE,
        related_name="delivery_attempts",
    )
    attempted_at = models.DateTimeField(_("日時"), default=timezone.now)
    outcome = models.CharField(_("結果"), max_length=20, choices=Outcome)
    detail = models.CharField(_("詳細"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("送信の試行")
        verbose_name_plural = _("送信の試行")
        ordering = ["attempted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S} {self.outcome}"


# A mail in one of these states did not reach the person (the key pages say so).
UNDELIVERED_STATUSES = (SentMail.Status.BOUNCED, SentMail.Status.REJECTED)


class MailEvent(models.Model):
    """One delivery event of a SentMail, as the provider's tracking webhook reported it.

    `event_id` is the provider's, or derived from the event when it gives none
    (accounts.tracking); a provider that sends an event twice gets one row.
    """

    sent_mail = models.ForeignKey(
        SentMail, verbose_name=_("送信メール"), on_delete=models.CASCADE, related_name="events"
    )
    esp_name = models.CharField(_("配信事業者"), max_length=50)
    event_id = models.CharField(max_length=200)
    status = models.CharField(_("配信状況"), max_length=20, choices=SentMail.Status)
    occurred_at = models.DateTimeField(_("発生日時"))
    received_at = models.DateTimeField(_("受信日時"), default=timezone.now)
    detail = models.CharField(_("詳細"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("配信イベント")
        verbose_name_plural = _("配信イベント")
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["esp_name", "event_id"], name="one_row_per_provider_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.esp_name} {self.status}"


class RateLimitEvent(models.Model):
    """One event of a rate-limited kind, from one address or client (accounts.throttle)."""

    scope = models.CharField(max_length=50)
    identity = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "identity", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M:%S}"


class TrustedBrowser(models.Model):
    """A browser whose owner ticked 「このブラウザを信頼する（30日間）」 after a login code: for
    settings.TRUSTED_BROWSER_LIFETIME from `created_at` a login there needs no code. The browser
    holds the token in a cookie; only its HMAC is kept here (accounts.login_codes)."""

    user = models.ForeignKey(
        User,
        verbose_name=_("アカウント"),
        on_delete=models.CASCADE,
        related_name="trusted_browsers",
    )
    token_digest = models.CharField(max_length=64, unique=True)
    description = models.CharField(_("ブラウザ"), max_length=100)
    created_at = models.DateTimeField(_("登録日時"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最終利用日時"), default=timezone.now)

    class Meta:
        verbose_name = _("信頼済みのブラウザ")
        verbose_name_plural = _("信頼済みのブラウザ")
        ordering = ["-last_used_at"]

    def __str__(self) -> str:
        return f"{self.description} {self.created_at:%Y-%m-%d}"


class Passkey(models.Model):
    """A passkey (WebAuthn discoverable credential) of an account: a login with neither password
    nor login code (issue #16 item 5, accounts.passkeys). Only its public key is kept; the
    private key never leaves the person's phone or password manager."""

    user = models.ForeignKey(
        User, verbose_name=_("アカウント"), on_delete=models.CASCADE, related_name="passkeys"
    )
    # Chosen by the person (「iPhone」), so that they know which one to remove.
    name = models.CharField(_("名前"), max_length=50)
    # base64url of the id the authenticator chose: at most 1023 bytes (WebAuthn), 1364 characters.
    credential_id = models.CharField(max_length=1364, unique=True, editable=False)
    public_key = models.BinaryField(editable=False)  # COSE_Key, as the authenticator gave it
    # The authenticator's signature counter at the last login; 0 where it keeps none.
    sign_count = models.PositiveBigIntegerField(default=0, editable=False)
    # WebAuthn's user.id (base64url of 32 random bytes): the same for every passkey of an
    # account, and never its pk or mail address, which the authenticator would then hold.
    user_handle = models.CharField(max_length=64, editable=False)
    # How the browser can reach the authenticator ("internal", "hybrid" …), as it said.
    transports = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("登録日時"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最終利用日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("パスキー")
        verbose_name_plural = _("パスキー")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.created_at:%Y-%m-%d}"
