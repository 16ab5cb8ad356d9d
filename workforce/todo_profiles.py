"""What waits in role profiles: a job description agreement the person is asked to sign, as job holder or
line manager, until they have. Each agreement's parties_to_sign decides, as the signing page does."""

from django.db.models import Q
from django.urls import reverse

from core import signing
from core.todo import Item

from .models import JobDescriptionAgreement

KINDS = {"job_description_to_sign": "Job descriptions to sign"}
ORDER = 82  # after integrity (75); a free number


def items(user, today):
    agreements = (
        JobDescriptionAgreement.objects.filter(Q(job_holder=user) | Q(line_manager=user))
        .filter(version__published_at__isnull=False)
        .select_related("version__profile", "job_holder")
        .prefetch_related("signatures")
    )
    found = []
    for agreement in agreements:
        parties = signing.parties_to_sign(agreement, user)
        if not parties:
            continue
        version = agreement.version
        whose = "your" if agreement.job_holder_id == user.pk else f"{agreement.job_holder}'s"
        found.append(
            Item(
                kind="job_description_to_sign",
                title=f"{version.job_title}, version {version.number}: {whose} job description agreement",
                url=reverse("workforce:profile_agreement", args=[agreement.pk]),
                since=agreement.created_at.date(),
                note=f"Sign as {parties[0].label.lower()}",
            )
        )
    return found
