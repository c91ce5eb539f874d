import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import access
from core.views import paged

from . import actions, oidc
from .filters import TokenFilter
from .forms import TokenForm
from .lockout import locked_message
from .queries import tokens_for

logger = logging.getLogger(__name__)


def _oidc_context():
    return {"oidc_name": settings.STYR_OIDC_NAME} if oidc.enabled() else {}


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_oidc_context())
        context["oidc_failed"] = self.request.GET.get("oidc") == "failed"
        return context


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in while locked out (AXES_LOCKOUT_CALLABLE): the sign-in page with the
    message, or JSON for the API. 429, as for any throttled request."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": locked_message()}, status=429)
    context = {"form": AuthenticationForm(request), "locked": locked_message(), **_oidc_context()}
    return render(request, "accounts/login.html", context, status=429)


@require_POST
def sign_out(request):
    """Sign out of Styr and, after an OpenID Connect sign-in, of the provider too."""
    id_token = request.session.get("oidc_id_token")
    logout(request)
    return redirect(oidc.provider_logout_url(request, id_token) or reverse("login"))


def _at_the_provider(view, request):
    """Run a step of the OpenID Connect flow; a provider that cannot be reached or answers nonsense sends the
    user back to the sign-in page with a message (and the reason to the log), not to an error page."""
    if not oidc.enabled():
        raise Http404
    try:
        return view(request)
    except (requests.RequestException, ValueError) as error:
        logger.warning("OpenID Connect sign-in failed at the provider: %r", error)
        return redirect(settings.LOGIN_REDIRECT_URL_FAILURE)


def oidc_start(request):
    return _at_the_provider(oidc.AuthenticationRequestView.as_view(), request)


def oidc_callback(request):
    return _at_the_provider(oidc.CallbackView.as_view(), request)


@never_cache
@login_required
def tokens(request):
    """The signed-in user's API keys (every key, for administrators); a new key's secret is shown once, in
    the answer to the POST that made it, and never again."""
    form, created = TokenForm(), None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                created = actions.create_token(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form = TokenForm()
    listed = TokenFilter(request.GET, queryset=tokens_for(request.user))
    context = {"form": form, "filter": listed, "created": created[0] if created else None,
               "secret": created[1] if created else None, "all_users": access.is_administrator(request.user),
               **paged(request, listed.qs if listed.is_valid() else tokens_for(request.user).none())}
    return render(request, "accounts/tokens.html", context, status=201 if created else 200)


@login_required
def token_revoke(request, pk):
    token = get_object_or_404(tokens_for(request.user), pk=pk)
    if request.method == "POST":
        actions.revoke_token(token=token, by=request.user)
        messages.success(request, _("The API key %(name)s is revoked.") % {"name": token})
        return redirect("accounts:tokens")
    return render(request, "accounts/token_revoke.html", {"token": token})
