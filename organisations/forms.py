"""Forms of the organisation chart, the responsibility domains and the memberships. Organisations and accounts
grow with the region: they are typed with suggestions (core.suggest), never listed in a select."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.suggest import SuggestField
from core.versioning import VersionedModelForm, version_field

from .models import Domain, Membership, Organisation


class OrganisationForm(VersionedModelForm):
    parent = SuggestField(kind="organisation", options_id="parent-options", required=False,
                          label=_("Part of organisation"))

    class Meta:
        model = Organisation
        fields = ["code", "name", "kind", "parent", "org_number", "active"]


class DomainForm(VersionedModelForm):
    deciding_board = SuggestField(kind="organisation", options_id="board-options", label=_("Deciding board"))
    transfers_decided_by = SuggestField(
        kind="organisation", options_id="transfers-options", required=False, label=_("Transfers decided by"),
        help_text=Domain._meta.get_field("transfers_decided_by").help_text)

    class Meta:
        model = Domain
        fields = ["code", "name", "description", "deciding_board", "transfers_decided_by", "parent"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A handful of domains per region (001): a select is the right tool here, without the domain itself.
        parents = Domain.objects.order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class MembershipForm(forms.Form):
    user = SuggestField(kind="user", options_id="user-options", label=_("User"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.EDITOR)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    row_version = version_field()
