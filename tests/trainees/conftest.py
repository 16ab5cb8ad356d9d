# cohort_setup, the fixture these tests share with the portfolio's, lives in tests/conftest.py.
from tests.conftest import cohort_setup  # noqa: F401
