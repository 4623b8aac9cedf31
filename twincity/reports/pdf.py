"""PDF official documents: the same `Document` as the Word files, laid out by WeasyPrint.

`templates/reports/document.html` sets A4 with the GB/T 9704 margins, Noto CJK fonts (Debian's
fonts-noto-cjk) and "— N —" page numbers from a CSS counter. Charts travel inside the HTML as
data: URIs, and the URL fetcher refuses every other URL, so rendering never reaches the
network or the file system.
"""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from twincity.reports.content import Chart, Document, Heading, Paragraph, Table

PDF = "application/pdf"
TEMPLATE = "reports/document.html"


class OfflineFetcher(URLFetcher):
    """Serves data: URLs only; anything else (http, file, …) is refused."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.startswith("data:"):
            raise ValueError(f"Refused to fetch {url[:80]!r}: documents load nothing external.")
        return super().fetch(url, headers)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _block(block: Any) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"kind": "heading", "text": block.text, "level": block.level}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text}
    if isinstance(block, Table):
        return {"kind": "table", "columns": block.columns, "rows": block.rows}
    if isinstance(block, Chart):
        return {"kind": "chart", "src": data_uri(block.png), "caption": block.caption}
    raise TypeError(f"Unknown block {block!r}")


def html_of(document: Document) -> str:
    context = {"doc": document, "blocks": [_block(b) for b in document.blocks]}
    return render_to_string(TEMPLATE, context)


def render(document: Document) -> Any:
    """WeasyPrint's laid-out document (its pages can be inspected)."""
    return HTML(string=html_of(document), url_fetcher=OfflineFetcher()).render()


def pdf_bytes(document: Document) -> bytes:
    """The document as a PDF file."""
    return render(document).write_pdf()
