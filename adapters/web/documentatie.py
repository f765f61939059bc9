"""`/docs` (Swagger UI) and `/redoc` (ReDoc) from assets this service serves itself (`/statisch/vendor/`, from
the pinned npm packages that `./dev` installs with `npm ci`): they work on a network without internet."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from adapters.settings import Settings

router = APIRouter(include_in_schema=False)

REPOSITORY = Path(__file__).resolve().parents[2]
SWAGGER = "/statisch/vendor/swagger-ui"
REDOC = "/statisch/vendor/redoc"
ONTBREEKT = (
    "De bestanden van {wat} ontbreken: draai ./dev (npm ci) in de repository, of zet DOORBRAAK_VENDOR_DIR. "
    "The {wat} assets are missing: run ./dev (npm ci) in the repository, or set DOORBRAAK_VENDOR_DIR."
)


def vendor_dir(settings: Settings) -> Path:
    """The node_modules holding swagger-ui-dist and redoc."""
    return settings.vendor_dir or REPOSITORY / "node_modules"


def mount(app: FastAPI, settings: Settings) -> None:
    """Serve the packages' files under `/statisch/vendor/` (before the pages' own `/statisch`)."""
    basis = vendor_dir(settings)
    app.mount(SWAGGER, StaticFiles(directory=basis / "swagger-ui-dist", check_dir=False), name="swagger-ui")
    app.mount(REDOC, StaticFiles(directory=basis / "redoc" / "bundles", check_dir=False), name="redoc")


def _lokaal(pagina: HTMLResponse) -> HTMLResponse:
    """The page FastAPI writes, kept to this service: a Content-Security-Policy that lets the browser load nothing
    from elsewhere (ReDoc's menu shows a logo from its makers' CDN: the browser does not even ask for it), its
    inline script allowed by a nonce; the language of its text named (`lang="en"`, Swagger UI's and ReDoc's own
    words are English); and `documentatie.css`, which gives their grey texts enough contrast (WCAG 2.1 AA)."""
    nonce = secrets.token_urlsafe(16)
    inhoud = (
        bytes(pagina.body)
        .replace(b"<html>", b'<html lang="en">', 1)
        .replace(b"<script>", f'<script nonce="{nonce}">'.encode())
        .replace(b"</head>", b'<link rel="stylesheet" href="/statisch/documentatie.css">\n</head>', 1)
    )
    beleid = (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
        "frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'"
    )
    return HTMLResponse(inhoud, status_code=pagina.status_code, headers={"Content-Security-Policy": beleid})


def _ontbreekt(bestand: Path, wat: str) -> Response | None:
    if bestand.is_file():
        return None
    return PlainTextResponse(ONTBREEKT.format(wat=wat), status_code=503, headers={"Retry-After": "3600"})


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui(request: Request) -> Response:
    """Swagger UI over this API's OpenAPI, without the online validator."""
    basis = vendor_dir(request.app.state.container.settings)
    ontbreekt = _ontbreekt(basis / "swagger-ui-dist" / "swagger-ui-bundle.js", "Swagger UI")
    return ontbreekt or _lokaal(
        get_swagger_ui_html(
            openapi_url=request.app.openapi_url,
            title=f"{request.app.title} – API",
            swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )
    )


@router.get("/redoc", response_class=HTMLResponse)
async def redoc(request: Request) -> Response:
    """ReDoc over this API's OpenAPI, with the system's fonts (no web fonts from elsewhere)."""
    basis = vendor_dir(request.app.state.container.settings)
    ontbreekt = _ontbreekt(basis / "redoc" / "bundles" / "redoc.standalone.js", "ReDoc")
    return ontbreekt or _lokaal(
        get_redoc_html(
            openapi_url=request.app.openapi_url,
            title=f"{request.app.title} – API",
            redoc_js_url=f"{REDOC}/redoc.standalone.js",
            redoc_favicon_url="/statisch/favicon.svg",
            with_google_fonts=False,
        )
    )
