"""The Content-Security-Policy of the platform, one definition for the theme's meta tag
and the nginx header: only the site itself and the two official footer scripts
(党政机关网站标识 conac, 我为政府网站找错 jiucuo)."""

from __future__ import annotations

OFFICIAL_SCRIPT_HOSTS = ("https://dcs.conac.cn", "https://zfwzgl.www.gov.cn")
OFFICIAL_IMAGE_HOSTS = ("https://dcs.conac.cn", "https://bszs.conac.cn", "https://zfwzgl.www.gov.cn")


def csp(iframe_hosts: tuple[str, ...] = (), *, for_meta: bool = False) -> str:
    """The policy; ``for_meta`` drops directives a <meta> tag cannot carry."""
    frames = " ".join(f"https://{h}" for h in iframe_hosts)
    parts = [
        "default-src 'self'",
        "script-src 'self' " + " ".join(OFFICIAL_SCRIPT_HOSTS),
        "style-src 'self'",
        "img-src 'self' " + " ".join(OFFICIAL_IMAGE_HOSTS),
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "frame-src 'self'" + (" " + frames if frames else ""),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if not for_meta:
        parts += ["frame-ancestors 'self'"]
    return "; ".join(parts)
