from django.contrib import admin

from core.admin import VersionedAdmin

from .models import Domain, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(VersionedAdmin):
    list_display = ["name", "code", "kind", "parent", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code", "org_number"]


@admin.register(Domain)
class DomainAdmin(VersionedAdmin):
    list_display = ["name", "code", "deciding_board", "parent"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(VersionedAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
