"""The rows post_migrate makes after a transactional test's flush, put back from a copy.

A transactional test (and a browser test) ends with Django's ``flush``: every table emptied,
then post_migrate sent, whose receivers make the content types, the permissions and the
proposals' default workflow again, one app at a time. On PostgreSQL that took about 0.35 s
a test, more than the emptying itself. What they make after a flush does not change within
a run: the first flush of each test process sends the signal and keeps a copy of every row
it wrote (tests/demo_copy.py's table copy); each later flush puts that copy back instead.
The rows come back with the ids of the first time: the cache create_contenttypes clears is
cleared here too, so that no id of the emptied rows is served from it, and the tables' id
sequences are moved past the ids put back.

Only ``flush`` is changed: ``migrate`` (the test databases, the migration tests) and a test
that sends post_migrate itself still run every receiver.
"""

from django.db import DEFAULT_DB_ALIAS

_copies: dict = {}


def install() -> None:
    from django.core.management.commands import flush

    real = flush.emit_post_migrate_signal

    def from_copy(verbosity, interactive, db, **kwargs):
        from django.contrib.contenttypes.models import ContentType

        from tests.demo_copy import contents, put_back

        if db != DEFAULT_DB_ALIAS or kwargs:
            return real(verbosity, interactive, db, **kwargs)
        copy = _copies.get(db)
        if copy is None:
            # Every table is empty after the flush: what is there now, post_migrate made.
            empty = contents()
            real(verbosity, interactive, db)
            _copies[db] = {t: rows for t, rows in contents().items() if empty[t] != rows}
            return None
        put_back(copy)
        _sequences_past(copy)
        ContentType.objects.clear_cache()
        return None

    flush.emit_post_migrate_signal = from_copy


def _sequences_past(tables) -> None:
    """Each copied table's id sequence set past the ids put back: a flush that restarted
    them (``manage.py flush`` does, a test's teardown does not) would hand them out again."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
