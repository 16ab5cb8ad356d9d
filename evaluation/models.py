"""The trust's evaluation of the role: interviews, audits, service-user satisfaction and outcomes."""
