"""A health URL for load balancers: 200 when the database answers, 503 when it does not."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from .session_use import leaves_session_end


# A probe is no use of anyone's login, and must answer 503, not fail reading a session, while
# the database is down.
@leaves_session_end
@never_cache
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
