from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations.models import Membership, Organisation

from ...models import AuditorClaim, ClaimMapping, SecurityOfficerClaim


class Command(BaseCommand):
    help = ("Which values of the identity provider's roles claim (STYR_OIDC_ROLES_CLAIM) grant which memberships: "
            "add, remove, list.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name in ("add", "remove"):
            one = sub.add_parser(name)
            one.add_argument("claim_value", help='e.g. "styr-hsn-editors"')
            one.add_argument("organisation", metavar="CODE", nargs="?", help="code of the organisation, e.g. HSN")
            one.add_argument("--role", default=Membership.Role.EDITOR, choices=Membership.Role.values)
            one.add_argument("--auditor", action="store_true",
                             help="the value makes the account an auditor (region-wide: no organisation)")
            one.add_argument("--security-officer", action="store_true",
                             help="the value makes the account a security officer, who sees every service's "
                                  "security details (region-wide: no organisation)")
        sub.add_parser("list")

    @transaction.atomic
    def handle(self, *args, action, **options):
        if action == "list":
            for mapping in ClaimMapping.objects.select_related("organisation"):
                self.stdout.write(f"{mapping.claim_value}\t{mapping.organisation.code}\t{mapping.role}")
            for claim in AuditorClaim.objects.all():
                self.stdout.write(f"{claim.claim_value}\t-\tauditor")
            for claim in SecurityOfficerClaim.objects.all():
                self.stdout.write(f"{claim.claim_value}\t-\tsecurity officer")
            return
        value, code, role = options["claim_value"].strip(), options["organisation"], options["role"]
        if not value:
            raise CommandError("The claim value is empty.")
        if options["auditor"] and options["security_officer"]:
            raise CommandError("Give --auditor or --security-officer, not both: one claim value, one role.")
        if options["auditor"]:
            if code:
                raise CommandError("An auditor reads the whole region: name no organisation with --auditor.")
            return self._region_wide(action, value, AuditorClaim, "an auditor")
        if options["security_officer"]:
            if code:
                raise CommandError("A security officer sees the whole region: name no organisation with "
                                   "--security-officer.")
            return self._region_wide(action, value, SecurityOfficerClaim, "a security officer")
        if not code:
            raise CommandError("Name the organisation (its code), or give --auditor or --security-officer.")
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            raise CommandError(f"No organisation has the code {code}.")
        if action == "add":
            _, created = ClaimMapping.objects.get_or_create(claim_value=value, organisation=organisation, role=role)
            self.stdout.write(f"{value} grants {role} of {code}" + ("." if created else " already."))
        else:
            deleted, _ = ClaimMapping.objects.filter(claim_value=value, organisation=organisation, role=role).delete()
            if not deleted:
                raise CommandError(f"{value} does not grant {role} of {code}.")
            self.stdout.write(f"{value} no longer grants {role} of {code} (from each user's next sign-in).")

    def _region_wide(self, action, value, model, role):
        if action == "add":
            _, created = model.objects.get_or_create(claim_value=value)
            self.stdout.write(f"{value} makes the account {role}" + ("." if created else " already."))
        else:
            deleted, _ = model.objects.filter(claim_value=value).delete()
            if not deleted:
                raise CommandError(f"{value} does not make an account {role}.")
            self.stdout.write(f"{value} no longer makes an account {role} (from each user's next sign-in).")
