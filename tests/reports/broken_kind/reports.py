from reports.kinds import KindThatWasRenamed  # noqa: F401 - the mistake under test

BROKEN = None
