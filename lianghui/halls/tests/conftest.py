import pytest
from django.test import Client

from lianghui.people.tests.test_importer import xlsx  # noqa: F401 (the helper, reused)


@pytest.fixture
def officer_client(hall):
    client = Client()
    client.force_login(hall.officer)
    return client
