"""Health check for the load balancer and the monitoring: is the database answering?"""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def salud(request: HttpRequest) -> JsonResponse:
    """200 {"estado": "ok"} when the database answers SELECT 1, otherwise 503; reveals nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"estado": "sin base de datos"}, status=503)
    return JsonResponse({"estado": "ok"})
