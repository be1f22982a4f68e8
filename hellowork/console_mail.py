"""Development mail backend: prints each mail readably (the standard one prints base64)."""

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


class EmailBackend(DjangoConsoleBackend):
    def write_message(self, message) -> None:
        self.stream.write(
            f"From: {message.from_email}\nTo: {', '.join(message.to)}\n"
            f"Subject: {message.subject}\n\n{message.body}\n{'-' * 79}\n"
        )
