from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.models import RelationshipToCare, User
from accounts.services import notification_emails_through
from cms.demo import seed_demo_consultation
from cms.demo_report import seed_demo_report
from cms.demo_welsh import seed_welsh_demo
from cms.models import ProposalIndexPage
from cms.site_tree import ensure_site_tree
from common.page_language import default_locale_id
from proposals.demo import seed_demo_proposals

DEMO_PASSWORD = "hearth-demo-2026"  # noqa: S105 - printed demo credential, refused outside DEBUG
DEMO_PEOPLE = [
    # email, display name, relationship to care, CMS editor
    (
        "officer@hearth.example",
        "Priya (council officer)",
        RelationshipToCare.COUNCIL_NHS_STAFF,
        True,
    ),
    ("participant@hearth.example", "Sam", RelationshipToCare.DRAWS_ON_CARE, False),
    ("carer@hearth.example", "Jo", RelationshipToCare.UNPAID_CARER, False),
    ("careworker@hearth.example", "Dee", RelationshipToCare.CARE_WORKER, False),
    ("board@hearth.example", "Morgan (board member)", RelationshipToCare.UNPAID_CARER, False),
]


class Command(BaseCommand):
    help = "Build the demo site: the page tree and demo people. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run even though DEBUG is off (demo accounts have a published password).",
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it only runs with "
                "DEBUG on. Pass --allow-without-debug if this really is a demo site."
            )
        # The demo's people are made up: the emails its notifications would send go nowhere.
        discard = get_connection("django.core.mail.backends.dummy.EmailBackend")
        with notification_emails_through(discard), transaction.atomic():
            ensure_site_tree()
            # Officers edit and publish pages: Wagtail's Editors and Moderators groups.
            editors = list(Group.objects.filter(name__in=["Editors", "Moderators"]))
            for email, name, relationship, editor in DEMO_PEOPLE:
                user = User.objects.filter(email=email).first()
                if user is None:
                    user = User.objects.create_user(
                        email,
                        DEMO_PASSWORD,
                        display_name=name,
                        relationship_to_care=relationship,
                        is_staff=editor,
                        email_digest=False,  # made-up addresses: never emailed
                    )
                if editor:
                    user.groups.add(*editors)
            people = [User.objects.get(email=row[0]) for row in DEMO_PEOPLE]
            officer, sam, jo, dee, morgan = people
            added = seed_demo_proposals(
                index=ProposalIndexPage.objects.get(locale_id=default_locale_id()),
                people=[sam, jo, dee, officer],
            )
            consultation = seed_demo_consultation(officer=officer, board_member=morgan)
            seed_welsh_demo(consultation=consultation)
            run = seed_demo_report(consultation=consultation, facilitator=officer)
        self.stdout.write(self.style.SUCCESS(f"Demo site ready ({added} demo proposals added)."))
        if run is not None:
            self.stdout.write(f"Analysed the demo consultation: {run.get_status_display()}.")
        self.stdout.write(f"Board report: {consultation.url}report/")
        self.stdout.write(f"Demo accounts (password for each: {DEMO_PASSWORD}):")
        for email, name, _relationship, editor in DEMO_PEOPLE:
            role = "council officer, can use /admin/" if editor else "participant"
            if email == "board@hearth.example":
                role = "reform board member, records decisions"
            self.stdout.write(f"  {email}  ({name}, {role})")
