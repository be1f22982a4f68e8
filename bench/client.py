"""A small HTTP client for the scale-out script and the benchmark: http.client and a cookie jar.

It behaves like a phone's browser as far as the server can tell: it keeps the cookies of
127.0.0.1 (whatever the port, as browsers do), sends the CSRF token of the form it last read,
does not follow redirects by itself (the scripts check where each answer points), and records
the status and time of every request so that no 5xx goes unseen.

Standard library only, so the load processes start fast and import no Django.
"""

import html
import http.client
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_HIDDEN_EMPTY_ACK = re.compile(r'name="(\w+-empty_ack)"[^>]*value="([^"]*)"')
_HIDDEN_EMPTY_ACK_REVERSED = re.compile(r'value="([^"]*)"[^>]*name="(\w+-empty_ack)"')


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float
    method: str
    path: str
    port: int = 0

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        """The redirect target's path (with query), or ''."""
        target = self.headers.get("location", "")
        parts = urlsplit(target)
        return parts.path + (f"?{parts.query}" if parts.query else "")


class ServerError(Exception):
    """A response the script did not expect (a 5xx, or a status the step must not give)."""


@dataclass
class Browser:
    """One simulated phone: its cookies, its client address and every response it received."""

    client_address: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    responses: list[Response] = field(default_factory=list)
    keep_bodies: bool = True
    timeout: float = 60.0

    def request(self, port: int, method: str, path: str, data=None) -> Response:
        body = None
        headers = {
            "Host": f"127.0.0.1:{port}",
            "Accept-Language": "ja",
            "User-Agent": "hellowork-bench",
        }
        if self.client_address:
            # The server trusts one proxy (TRUSTED_PROXY_COUNT=1), as behind a load balancer:
            # each simulated phone has its own address for the per-client rate limits.
            headers["X-Forwarded-For"] = self.client_address
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{port}"
            headers["Referer"] = f"http://127.0.0.1:{port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        response = Response(
            status=answer.status,
            headers={k.lower(): v for k, v in answer.getheaders()},
            body=content if self.keep_bodies else b"",
            seconds=seconds,
            method=method,
            path=path,
            port=port,
        )
        self.responses.append(response)
        if response.status >= 500:
            raise ServerError(f"{method} {path} on :{port} answered {response.status}")
        return response

    def get(self, port: int, path: str) -> Response:
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, data: dict, csrf_from: Response | None = None) -> Response:
        """POSTs `data` with the CSRF token of the page `csrf_from` (else of the cookie)."""
        token = None
        if csrf_from is not None and (match := _CSRF_INPUT.search(csrf_from.text)):
            token = html.unescape(match.group(1))
        token = token or self.cookies.get("csrftoken", "")
        return self.request(port, "POST", path, {**data, "csrfmiddlewaretoken": token})

    def expect(self, response: Response, status: int, location: str | None = None) -> Response:
        """Fails unless `response` has `status` (and redirects to a path starting `location`)."""
        if response.status != status or (
            location is not None and not response.location.startswith(location)
        ):
            raise ServerError(
                f"{response.method} {response.path}: expected {status} {location or ''}, "
                f"got {response.status} {response.location}"
            )
        return response


def empty_ack(page: Response) -> dict[str, str]:
    """The hidden 未入力 acknowledgement a step page carries ({field name: signature})."""
    found = {name: value for name, value in _HIDDEN_EMPTY_ACK.findall(page.text)}
    found.update({name: value for value, name in _HIDDEN_EMPTY_ACK_REVERSED.findall(page.text)})
    return {name: html.unescape(value) for name, value in found.items()}


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of already sorted values (0.0 when there are none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(fraction * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]
