"""How long the login lasts, and 「ログインを延長する」: the JSON that static/js/session.js asks
before it warns (GET, which does not count as using the login) and sends from its dialog (POST,
which moves the end as any page would). accounts.session_end says what the end is."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hellowork.session_use import leaves_session_end

from ..session_end import seconds_left, touch


@leaves_session_end
@never_cache
@require_http_methods(["GET", "POST"])
def session_end(request):
    """{"seconds_left": n}: 0 once the login has ended (here or in another tab), and then a POST
    is refused (401) rather than sent to the login page, which a script cannot show."""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return JsonResponse({"seconds_left": 0}, status=401)
        touch(request.session, force=True)
    return JsonResponse({"seconds_left": seconds_left(request.session)})
