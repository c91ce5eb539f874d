from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import actions
from .models import ApiToken, AuditorClaim, ClaimGrant, ClaimMapping, OidcIdentity, SecurityOfficerClaim


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Keys are made by their users (or `styr token create`), since only then is the secret shown; here an
    administrator sees and revokes them."""

    list_display = ["name", "user", "prefix", "created", "expires", "last_used", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created", "expires", "last_used", "revoked_at", "revoked_by"]
    exclude = ["digest"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected API keys"))
    def revoke(self, request, queryset):
        for token in queryset:
            actions.revoke_token(token=token, by=request.user)
        self.message_user(request, _("Revoked."))


@admin.register(ClaimMapping)
class ClaimMappingAdmin(SimpleHistoryAdmin):
    list_display = ["claim_value", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["claim_value", "organisation__code", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(AuditorClaim)
class AuditorClaimAdmin(SimpleHistoryAdmin):
    list_display = ["claim_value"]
    search_fields = ["claim_value"]


@admin.register(SecurityOfficerClaim)
class SecurityOfficerClaimAdmin(SimpleHistoryAdmin):
    list_display = ["claim_value"]
    search_fields = ["claim_value"]


@admin.register(ClaimGrant)
class ClaimGrantAdmin(admin.ModelAdmin):
    list_display = ["membership", "claim_value"]
    readonly_fields = ["membership", "claim_value"]


@admin.register(OidcIdentity)
class OidcIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "subject", "issuer", "last_sign_in"]
    search_fields = ["user__username", "subject"]
    readonly_fields = ["user", "issuer", "subject", "last_sign_in"]
