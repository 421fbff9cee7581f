"""HTML to PDF with WeasyPrint, fetching nothing but inline data and the templates' own files."""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

ALLOWED_HOSTS = ("", "localhost")


class ResourceRefused(ValueError):
    """A template asked for a resource outside what a report may read."""


GENERATED_SCHEME = "generated"


class TemplateFolderFetcher(URLFetcher):
    """Serves `data:` URIs, files inside the template folders and the images the caller
    generated (`generated:KEY`, e.g. the report's charts); refuses everything else.

    Templates are edited by organisations, so a stylesheet or image reference must not reach
    the network (no tracking pixels, no server-side request forgery) or read files elsewhere on
    the machine (`file:///etc/passwd`) into a PDF that leaves the building. WeasyPrint logs a
    refused resource and renders without it.
    """

    def __init__(self, base_dir: Path, overrides: Sequence[Path] = (),
                 generated: Callable[[str], str] | None = None) -> None:
        super().__init__(timeout=5, allowed_protocols=("data", "file"), allow_redirects=False)
        self.base_dir = Path(base_dir).resolve()
        self.roots = (*(Path(folder).resolve() for folder in overrides), self.base_dir)
        self.generated = generated

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == GENERATED_SCHEME:
            return self.generated_svg(url)
        if scheme == "file":
            path = self.resolve_file(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                      headers={"Content-Type": content_type})
        raise ResourceRefused(f"refused {url[:80]}: reports may only use data: URIs and files "
                              f"in the template folder")

    def generated_svg(self, url: str) -> URLFetcherResponse:
        """An SVG image the caller drew for this document, by its key."""
        key = url.split(":", 1)[1]
        try:
            svg = self.generated(key) if self.generated is not None else None
        except KeyError:
            svg = None
        if svg is None:
            raise ResourceRefused(f"refused {url[:80]}: no such generated image")
        return URLFetcherResponse(url, svg.encode("utf-8"),
                                  headers={"Content-Type": "image/svg+xml"})

    def resolve_file(self, url: str) -> Path:
        """The real file a `file:` URL names, if it lies inside one of the template folders."""
        parts = urlsplit(url)
        if parts.netloc not in ALLOWED_HOSTS:
            raise ResourceRefused(f"refused {url}: file URLs on other hosts are not allowed")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if path.is_relative_to(self.base_dir):
            # Like the template loader: an organisation's file of the same name wins.
            relative = path.relative_to(self.base_dir)
            for root in self.roots:
                candidate = (root / relative).resolve()
                if candidate.is_relative_to(root) and candidate.is_file():
                    return candidate
        for root in self.roots[:-1]:
            if path.is_relative_to(root) and path.is_file():
                return path
        raise ResourceRefused(f"refused {url}: not a file inside the template folder")


def generated_uri(key: str) -> str:
    """Where a template finds a generated image: fetched from the caller when laid out."""
    return f"{GENERATED_SCHEME}:{key}"


def svg_data_uri(svg: str) -> str:
    """An SVG chart inline in the HTML, so rendering never needs a temporary file."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def html_to_pdf(html: str, base_dir: Path, overrides: Sequence[Path] = (),
                identifier: str | None = None,
                generated: Callable[[str], str] | None = None) -> bytes:
    """Render HTML to PDF bytes; relative links resolve in `overrides`, then in `base_dir`.

    `generated` serves `generated:KEY` images (see `generated_uri`). The bytes depend on the
    HTML and those images alone: WeasyPrint writes creation and modification dates only
    when the HTML states them (`<meta name="dcterms.created">`), and the file identifier is
    `identifier` (e.g. the input fingerprint) rather than anything random, so the same report
    of the same inputs at the same stamp is the same file.
    """
    fetcher = TemplateFolderFetcher(base_dir, overrides, generated)
    document = HTML(string=html, base_url=fetcher.base_dir.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(pdf_identifier=identifier.encode("ascii") if identifier else None)

