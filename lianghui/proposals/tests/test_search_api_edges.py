"""Edges of the proposals search API that schemathesis reached."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_search_among_filters_that_exclude_everything_finds_nothing(hall):
    # A word search with filters Django knows match nothing raised EmptyResultSet: a 500.
    staff = Client()
    staff.force_login(hall.officer)
    response = staff.get(
        "/api/proposals/",
        {"q": "交通", "state": "closed", "kind": "", "organisation_id": 17, "year": -1654},
    )
    assert response.status_code == 200, response.content
