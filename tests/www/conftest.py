"""Fixtures shared by the security tests."""

from tests.core.test_security import two_organisations  # noqa: F401 (fixture)
