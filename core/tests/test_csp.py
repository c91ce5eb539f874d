"""Every answer carries a Content-Security-Policy; an upload keeps its own stricter one."""

import pytest
from django.http import HttpResponse
from django.test import override_settings

from core.middleware import ContentSecurityPolicyMiddleware
from organisations.tests import factories as orgs

pytestmark = pytest.mark.django_db


def test_pages_forbid_inline_script_and_style_and_framing(client):
    client.force_login(orgs.user("lasare"))
    policy = client.get("/tjanster/")["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert client.get("/logga-in/")["Content-Security-Policy"] == policy  # the sign-in page as well


def test_the_admin_site_keeps_its_inline_styles_but_not_inline_scripts(client):
    client.force_login(orgs.user("root", admin=True))
    policy = client.get("/admin/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self';" in policy


def test_an_origin_named_in_the_environment_and_the_identity_provider_may_receive_forms(rf):
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    assert "form-action 'self';" in middleware(rf.get("/"))["Content-Security-Policy"]
    with override_settings(CSP_FORM_ACTION=["https://forms.region.example"],
                           STYR_OIDC_ISSUER="https://idp.region.example/realms/styr"):
        policy = middleware(rf.get("/"))["Content-Security-Policy"]
    assert "form-action 'self' https://forms.region.example https://idp.region.example;" in policy


def test_no_template_carries_inline_script_or_style_attributes():
    """The policy would block them in the browser; caught here before anyone sees a dead button."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offending = []
    for path in root.glob("*/templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|javascript:", text):
            offending.append(str(path.relative_to(root)))
    assert offending == []
