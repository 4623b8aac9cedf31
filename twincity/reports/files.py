"""A document as a file: Word or PDF bytes, and the download response for the pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path

from twincity.reports import pdf, word
from twincity.reports.content import Document

FORMATS: dict[str, tuple[Callable[[Document], bytes], str]] = {
    "docx": (word.docx_bytes, word.DOCX),
    "pdf": (pdf.pdf_bytes, pdf.PDF),
}


def file_bytes(document: Document, fmt: str) -> bytes:
    return FORMATS[fmt][0](document)


def download(document: Document, fmt: str) -> HttpResponse:
    """The document as an attachment; the file name is the (Chinese) title."""
    render, content_type = FORMATS[fmt]
    response = HttpResponse(render(document), content_type=content_type)
    name = escape_uri_path(f"{document.filename}.{fmt}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
