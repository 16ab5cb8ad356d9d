"""Made the periodic tasks, once. They are now each app's ``scheduled_tasks`` contribution, made after
every `migrate` by core.scheduling when missing (reminders' scan, reports' purge), so this does nothing:
databases that ran it keep their rows, which the sync finds by name and leaves as the administrator set them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial"), ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = []
