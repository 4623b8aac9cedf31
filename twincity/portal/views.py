"""The public portal: no login, public records only (see portal/public.py), cacheable."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from twincity.lib import clock
from twincity.portal import data as datasets
from twincity.portal import figures, public
from twincity.portal.forms import ItemFilter

MAX_AGE = 300
PER_PAGE = 25

View = Callable[..., HttpResponse]


def cached(view: View) -> View:
    """GET only; shared caches may keep anonymous answers for five minutes.

    A signed-in reader's answer may carry a refreshed session cookie, so it is private."""

    @require_GET
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        shared = not request.user.is_authenticated
        patch_cache_control(response, public=shared, private=not shared, max_age=MAX_AGE)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    return wrapper


def _counted_lists():
    counted = Count("items", filter=Q(items__in=public.public_items()))
    return public.public_lists().select_related("source_meeting__series").annotate(n=counted)


@cached
def home(request: HttpRequest) -> HttpResponse:
    region, key = figures.key_figures()
    context = {
        "counts": figures.counts(),
        "lights": figures.lights_chart(),
        "region": region,
        "key_figures": key,
        "latest_results": public.public_results()[:5],
        "lists": _counted_lists(),
        "today": clock.today(),
    }
    return render(request, "portal/home.html", context)


@cached
def results(request: HttpRequest) -> HttpResponse:
    rows = public.public_results().prefetch_related("parties")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/results.html", {"page": page})


@cached
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    items = public.public_items().select_related("list").order_by("list_id", "code")
    rows = public.public_results().select_related("meeting__series")
    rows = rows.prefetch_related(
        "parties", "figures", Prefetch("items", queryset=items, to_attr="public_items")
    )
    result = get_object_or_404(rows, pk=pk)
    context = {"result": result, "meeting_shown": public.meeting_shown(result.meeting)}
    return render(request, "portal/result_detail.html", context)


@cached
def lists(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/lists.html", {"lists": _counted_lists()})


@cached
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lst = get_object_or_404(public.public_lists().select_related("source_meeting__series"), pk=pk)
    form = ItemFilter(request.GET)
    form.is_valid()
    wanted = form.cleaned_data
    items = datasets.with_sides(public.public_items().filter(list=lst)).order_by("code")
    if wanted.get("state"):
        items = items.filter(state=wanted["state"])
    if wanted.get("light"):
        items = items.filter(light=wanted["light"])
    if wanted.get("q"):
        items = items.filter(Q(code__icontains=wanted["q"]) | Q(title__icontains=wanted["q"]))
    context = {
        "list": lst,
        "meeting_shown": public.meeting_shown(lst.source_meeting),
        "form": form,
        "page": Paginator(items, PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "portal/list_detail.html", context)


@cached
def meetings(request: HttpRequest) -> HttpResponse:
    rows = public.public_meetings().select_related("series", "host_party")
    return render(request, "portal/meetings.html", {"meetings": rows})


@cached
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rows = public.public_meetings().select_related("series", "host_party")
    meeting = get_object_or_404(rows, pk=pk)
    items = public.public_items().select_related("list").order_by("code")
    decisions = public.public_decisions().filter(meeting=meeting).order_by("number")
    context = {
        "meeting": meeting,
        "decisions": decisions.prefetch_related(
            Prefetch("items", queryset=items, to_attr="public_items")
        ),
        "lists": _counted_lists().filter(source_meeting=meeting),
        "results": public.public_results().filter(meeting=meeting),
    }
    return render(request, "portal/meeting_detail.html", context)


@cached
def data(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/data.html", {"datasets": datasets.DATASETS.values()})


FORMATS = {
    "csv": (datasets.to_csv, "text/csv; charset=utf-8"),
    "json": (datasets.to_json, "application/json; charset=utf-8"),
}


@cached
def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    found, writer = datasets.DATASETS.get(dataset), FORMATS.get(fmt)
    if found is None or writer is None:
        raise Http404
    write, content_type = writer
    list_id = request.GET.get("list", "")
    if found.by_list and list_id.isdigit():
        rows, name = found.rows(int(list_id)), f"{found.name}-{list_id}"
    else:
        rows, name = found.rows(), found.name
    response = HttpResponse(write(found, rows), content_type=content_type)
    name = f"twincity-{name}-{clock.today():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the language by a plain link, so that portal pages hold no CSRF token and stay
    cacheable; only portal addresses are accepted as where to go back."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    home = reverse("portal:home")
    back = request.GET.get("next", home)
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts=None) and back.startswith(home)
    response = HttpResponseRedirect(back if safe else home)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    patch_cache_control(response, no_store=True)
    return response
