from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.errors import ServiceError, as_validation_error
from common.i18n import language_choices
from common.text import clean_text


class RelationshipToCare(models.TextChoices):
    """How a person describes their own relationship to adult social care (optional)."""

    DRAWS_ON_CARE = "draws_on_care", _("I draw on care and support")
    UNPAID_CARER = "unpaid_carer", _("I am an unpaid carer")
    CARE_WORKER = "care_worker", _("I am a care worker or personal assistant")
    COUNCIL_NHS_STAFF = "council_nhs_staff", _("I work for a council or the NHS")
    CARE_PROVIDER = "care_provider", _("I run or work for a care provider")
    # Translators: a choice of how one is connected to adult social care.
    OTHER = "other", _("Other")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("I prefer not to say")


# How a relationship reads beside a name: "Sam (unpaid carer)".
RELATIONSHIP_SHORT = {
    # Translators: how a person's relationship to care reads beside their name, as in
    # "Sam (draws on care and support)".
    RelationshipToCare.DRAWS_ON_CARE: _("draws on care and support"),
    RelationshipToCare.UNPAID_CARER: _("unpaid carer"),
    RelationshipToCare.CARE_WORKER: _("care worker or personal assistant"),
    RelationshipToCare.COUNCIL_NHS_STAFF: _("council or NHS staff"),
    RelationshipToCare.CARE_PROVIDER: _("care provider"),
    RelationshipToCare.OTHER: "",
    RelationshipToCare.PREFER_NOT_TO_SAY: "",
}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        # Email addresses are stored lower-case; sign-in accepts any case.
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.full_clean()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


def normalise_email(email: str) -> str:
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    """A person who takes part in Hearth, known to others only by their display name."""

    email = models.EmailField(
        _("email address"),
        unique=True,
        error_messages={
            "unique": _(
                "An account with this email address already exists. "
                "Sign in, or reset your password if you have forgotten it"
            )
        },
    )
    display_name = models.CharField(
        _("display name"),
        max_length=50,
        help_text=_("Shown beside what you write. It can be a made-up name."),
    )
    relationship_to_care = models.CharField(
        _("relationship to care"),
        max_length=32,
        choices=RelationshipToCare.choices,
        blank=True,
    )
    prefers_easy_read = models.BooleanField(
        _("show easy read first"),
        default=False,
        help_text=_("Pages show their easy read version first, with a link to the full text."),
    )
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Can sign in to the content admin.")
    )
    # Translators: whether an account can be used (not closed).
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    retention_warned_at = models.DateTimeField(
        _("warned of erasure for inactivity"),
        null=True,
        blank=True,
        help_text=_("When Hearth last emailed this person that their unused account will go."),
    )
    preferred_language = models.CharField(
        _("language"),
        max_length=10,
        choices=language_choices,  # a callable: a new language needs no migration
        blank=True,
        help_text=_("The language Hearth speaks to this person in; blank: not chosen."),
    )
    email_digest = models.BooleanField(
        _("daily email of what is new"),
        default=True,
        help_text=_("One email a day with your new notifications, only on days there are some."),
    )
    digest_sent_at = models.DateTimeField(
        _("last daily email sent"),
        null=True,
        blank=True,
        help_text=_("When Hearth last sent this person their daily email of what is new."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"),
                name="accounts_user_display_name_unique_ci",
                violation_error_message=_("That display name is already taken."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)
        if not self.display_name:
            return  # clean_fields has said it is required
        try:
            name = clean_text(
                self.display_name,
                label=gettext("your display name"),
                field="display_name",
                single_line=True,
            )
        except ServiceError as error:
            raise as_validation_error(error) from None
        self.display_name = " ".join(name.split())

    @property
    def relationship_short(self) -> str:
        """The relationship to care as a few words to show beside the name, or ''."""
        return (
            str(RELATIONSHIP_SHORT.get(RelationshipToCare(self.relationship_to_care), ""))
            if self.relationship_to_care
            else ""
        )

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a person should know about, shown in Hearth and emailed: at once when it
    is urgent, else in the daily digest (accounts.services_digest) unless they read it
    in Hearth first."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When it was emailed, on its own or in a digest; it is emailed only once."),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", _("Council")
    REFORM_BOARD = "reform_board", _("Reform board")
    CHARITY = "charity", _("Charity")


# Twelve weeks: the length most public bodies treat as the norm for a full consultation.
DEFAULT_MINIMUM_CONSULTATION_DAYS = 84


# django-stubs cannot resolve the reverse managers from cms.ConsultationPage, whose
# manager Wagtail builds at run time.
class Organisation(models.Model):  # type: ignore[django-manager-missing]
    """A council, reform board or charity that people belong to with a role."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    minimum_consultation_days = models.PositiveSmallIntegerField(
        _("minimum consultation length in days"),
        default=DEFAULT_MINIMUM_CONSULTATION_DAYS,
        help_text=_("Officers are warned when a consultation is open for less than this."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    OFFICER = "officer", _("Officer")
    FACILITATOR = "facilitator", _("Facilitator")
    BOARD_MEMBER = "board_member", _("Board member")


class Membership(models.Model):
    """A person's role in an organisation; one person may hold several roles."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="accounts_membership_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    def clean(self) -> None:
        super().clean()
        if (
            self.role == MembershipRole.BOARD_MEMBER
            and self.organisation_id is not None
            and self.organisation.kind != OrganisationKind.REFORM_BOARD
        ):
            raise ValidationError({"role": gettext("Only a reform board has board members")})


class SupportRole(models.TextChoices):
    FAMILY_CARER = "family_carer", _("Family member or unpaid carer")
    ADVOCATE = "advocate", _("Advocate")
    PERSONAL_ASSISTANT = "personal_assistant", _("Personal assistant or support worker")
    OTHER = "other", _("Someone else I trust")


class SupportScope(models.TextChoices):
    EVERYTHING = "everything", _("Everything: messages, votes, poll answers, suggestions, comments")
    DISCUSSIONS = "discussions", _("Discussions: messages, votes and poll answers")
    PROPOSALS = "proposals", _("Proposals: suggestions and comments")


class SupportArea(models.TextChoices):
    """Where a contribution is made, to check against a consent's scope."""

    DISCUSSIONS = "discussions", "discussions"
    PROPOSALS = "proposals", "proposals"


def supporter_field(*, db_index: bool = True) -> "models.ForeignKey[User | None, User | None]":
    """The supporter of something done on a person's behalf with their consent
    (:class:`SupportConsent`): one declaration for every model that records one. The
    contribution stays if the supporter's account goes. ``db_index=False`` for a table
    that indexes only the rows that have a supporter (a partial index of its own)."""
    return models.ForeignKey(
        User,
        null=True,
        blank=True,
        db_index=db_index,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who helped, when this was done on the author's behalf with their consent."),
    )


class SupportConsent(models.Model):
    """A person's consent for a supporter to take part on their behalf.

    Given when the person invites the supporter (active once the supporter accepts), or
    recorded by a facilitator or officer when the person gave it offline (active at once,
    with who recorded it and how it was given). Withdrawing it takes effect at once.
    Rows go when either person's account is erased.
    """

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="support_consents")
    supporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supporting")
    role = models.CharField(_("how they support you"), max_length=30, choices=SupportRole.choices)
    scope = models.CharField(
        _("what they can do for you"),
        max_length=20,
        choices=SupportScope.choices,
        default=SupportScope.EVERYTHING,
    )
    given_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    how_given = models.CharField(_("how consent was given"), max_length=300, blank=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("supporter")),
                name="accounts_support_not_self",
                violation_error_message=_("You cannot be your own supporter."),
            ),
            models.UniqueConstraint(
                fields=["person", "supporter"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="accounts_support_once",
                violation_error_message=_(
                    "This supporter already has your consent or an invitation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(supporter)s supports %(person)s") % {
            "supporter": self.supporter,
            "person": self.person,
        }

    @property
    def is_active(self) -> bool:
        return self.accepted_at is not None and self.withdrawn_at is None

    def covers(self, area: str) -> bool:
        return self.scope == SupportScope.EVERYTHING or self.scope == area
