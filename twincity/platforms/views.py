"""Pages of this app (being written)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def index(request: HttpRequest) -> HttpResponse:
    raise Http404
