"""The row lock and the next number in a sequence that every app's actions take, written once
below them all."""

from django.db.models import Max


def locked(model, pk: int, *related: str):
    """The row ``pk`` of ``model``, locked until the transaction ends, read with ``related``.
    Only its own table's row is locked (``of=("self",)``): the rows read with it stay free, so
    two steps on different rows that share a meeting or a session never wait on each other."""
    return model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk)


def next_number(rows, field: str = "order") -> int:
    """The number the next row of ``rows`` takes in ``field``: one more than the highest so
    far, 1 for the first."""
    return (rows.aggregate(n=Max(field))["n"] or 0) + 1
