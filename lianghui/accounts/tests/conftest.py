import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_failure_counts():
    """The sign-in failure counts live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()
