"""The one way secret ballots are put to rest when voting closes (a secret 表决 without a
tally key; kept beside the rest of the secret-ballot machinery, below votes and elections).

At close, in the closing transaction, the ballots are read, shuffled, deleted and written
again with new random keys: afterwards nothing in the ballot table — row order, row
versions, keys — follows the order in which people voted (docs/architecture.md).
"""

import random

from django.db.models import QuerySet


def rewrite_in_random_order(ballots: QuerySet, fields: tuple[str, ...], **fixed) -> int:
    """Rewrite `ballots` keeping only `fields` (plus `fixed` values); returns how many."""
    model = ballots.model
    rows = list(ballots.values_list(*fields))
    random.SystemRandom().shuffle(rows)
    ballots.delete()
    model.objects.bulk_create(
        [model(**fixed, **dict(zip(fields, row, strict=True))) for row in rows], batch_size=1000
    )
    return len(rows)
