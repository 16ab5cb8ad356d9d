from django.db import migrations

from workforce.career_starter import ensure_national_starter


def load(apps, schema_editor):
    ensure_national_starter(
        apps.get_model("workforce", "CareerStep"), apps.get_model("workforce", "WorkforceRole")
    )


class Migration(migrations.Migration):
    dependencies = [("workforce", "0003_career_framework_and_code")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
