"""A fresh database holds ST0215 as published, read from fixtures/standards/ST0215.json."""

from pathlib import Path

from django.conf import settings
from django.db import migrations

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "standards" / "ST0215.json"

# The occupational progression map (seed 001) links this Level 5 occupation with others; the seed gives the
# levels, REFERENCE.md the related standards.
PROGRESSION = [
    ("ST0217", "Senior healthcare support worker", 3, "ST0215", "Assistant practitioner (health)", 5),
    ("ST0215", "Assistant practitioner (health)", 5, "ST0827", "Nursing associate (NMC 2018)", 5),
    ("ST0215", "Assistant practitioner (health)", 5, "ST0781", "Registered nurse degree (NMC 2018)", 6),
]


def load(apps, schema_editor):
    from standards.ifate import parse_documents
    from standards.services import create_standard

    Standard, KSB, Duty = (apps.get_model("standards", name) for name in ("Standard", "KSB", "Duty"))
    for data in parse_documents(FIXTURE.read_text(encoding="utf-8")):
        if not Standard.objects.filter(reference=data.reference, version=data.version).exists():
            create_standard(data, models=(Standard, KSB, Duty))
    Progression = apps.get_model("standards", "Progression")
    for from_ref, from_title, from_level, to_ref, to_title, to_level in PROGRESSION:
        Progression.objects.get_or_create(
            from_reference=from_ref,
            to_reference=to_ref,
            defaults={
                "from_title": from_title,
                "from_level": from_level,
                "to_title": to_title,
                "to_level": to_level,
                "note": "Transferable knowledge and skills (the Institute's occupational progression map).",
            },
        )


def unload(apps, schema_editor):
    apps.get_model("standards", "Standard").objects.filter(reference="ST0215", version="1.1").delete()
    apps.get_model("standards", "Progression").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
