from core.plugins import Contributions

from . import reports

contributions = Contributions(report_kinds=[reports.BROKEN])
