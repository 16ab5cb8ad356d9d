from core.plugins import Contributions
from reminders.kinds import KindThatWasRenamed  # noqa: F401 - the mistake the start-up check must catch

contributions = Contributions()
