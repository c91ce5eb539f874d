from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and sign-in")

    def ready(self):
        from core import registry

        from . import schema  # noqa: F401  (declares the token scheme to drf-spectacular)

        registry.MENU.append((90, _("API keys"), "accounts:tokens"))
        _register_suggester()


def _register_suggester():
    """Accounts typed with suggestions ("Anna Berg (aberg)"): who gives memberships picks the user by name,
    username or e-mail. Only those who manage some organisation's memberships get suggestions — the list of
    accounts is no one else's business."""
    from dataclasses import dataclass

    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from core import access, suggest

    users = get_user_model()

    @dataclass(frozen=True)
    class UserSuggester(suggest.Suggester):
        def text(self, record):
            full = record.get_full_name().strip()
            return f"{full} ({record.username})" if full else f"{record.username} ({record.username})"

    def search(text, user):
        if not access.may_manage_any_memberships(user):
            return users.objects.none()
        return users.objects.filter(
            Q(username__istartswith=text) | Q(first_name__istartswith=text) | Q(last_name__istartswith=text)
            | Q(email__istartswith=text)).filter(is_active=True).order_by("last_name", "first_name", "username")

    suggest.register("user", UserSuggester(
        model=users, search=search,
        key=lambda record: record.username,
        by_key=lambda key: users.objects.filter(username=key),
        by_name=lambda name: users.objects.filter(username=name),
        hint=lambda record: record.get_full_name(),
        example="Anna Berg (aberg)"))
