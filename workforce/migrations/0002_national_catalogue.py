from django.db import migrations

from workforce.catalogue import ensure_catalogue


def load(apps, schema_editor):
    ensure_catalogue(
        apps.get_model("workforce", "WorkforceRole"),
        apps.get_model("workforce", "RoleVariant"),
        apps.get_model("standards", "Standard"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0001_initial"),
        ("standards", "0002_st0215"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
