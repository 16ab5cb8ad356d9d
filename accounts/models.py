"""People, the organisations they work in, and the role each person has in each organisation."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords


class PortalUserManager(UserManager):
    def get_by_natural_key(self, username):
        # Sign-in and createsuperuser look people up by username regardless of case.
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person who signs in. Signs in by username or email address."""

    email = models.EmailField("email address", blank=True)
    job_title = models.CharField(max_length=120, blank=True)
    must_change_password = models.BooleanField(
        default=False,
        help_text="Set when someone else chose the password: the person chooses their own first.",
    )

    objects = PortalUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_ci_unique",
                violation_error_message="Another person already uses this email address.",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class Region(models.Model):
    """An NHS region or integrated care system: the level where organisations are compared."""

    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(max_length=12, blank=True, help_text="ODS code of the region or ICB, if any.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NHS_TRUST = "nhs_trust", "NHS trust"
        ICB = "icb", "Integrated care board"
        UNIVERSITY = "university", "University"
        CARE_PROVIDER = "care_provider", "Care provider"

    name = models.CharField(max_length=200)
    ods_code = models.CharField(
        "ODS code", max_length=12, unique=True, help_text="Organisation Data Service code, for example RX4."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role in an organisation. A person may hold several roles, in several organisations."""

    class Role(models.TextChoices):
        TRAINEE = "trainee", "Trainee"
        MENTOR = "mentor", "Mentor"
        MANAGER = "manager", "Manager"
        LECTURER = "lecturer", "Lecturer"
        WORKFORCE_LEAD = "workforce_lead", "Workforce lead"
        REGIONAL_LEAD = "regional_lead", "Regional lead"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="accounts_membership_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.organisation}"


class Invitation(models.Model):
    """A lead's offer of a role in their organisation to someone who belongs elsewhere (a lecturer, say).

    A lead may not give roles to someone with a role in another organisation: that would let them reach an
    account another organisation looks after. Only the person invited can accept, once, before it expires;
    only then do they become a member.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    # As the lead typed it: the lead sees this, never the name on the invitee's account, until they accept.
    email = models.EmailField()
    invitee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations_sent"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open offer of a role at a time; inviting again renews it.
            models.UniqueConstraint(
                fields=["organisation", "invitee", "role"],
                condition=models.Q(status="pending"),
                name="accounts_invitation_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} at {self.organisation}, for {self.email}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_accepted(self):
        return self.status == self.Status.ACCEPTED

    def is_open(self, now=None):
        return self.is_pending and self.expires_at > (now or timezone.now())
