"""A copy of the whole test database, taken once and put back before a test.

SQLite: the backup API copies every page (an in-memory copy, then back over the test file).
PostgreSQL: each table's rows through COPY in binary, put back into emptied tables in one
transaction (foreign keys are deferred to its commit). Sequences are left where they are,
above every copied id, so rows a test adds never take a copied row's id.
"""

import sqlite3

from django.db import connection, transaction


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def take():
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy
    data = {}
    with connection.cursor() as cursor:
        for table in _tables():
            quoted = connection.ops.quote_name(table)
            with cursor.cursor.copy(f"COPY {quoted} TO STDOUT (FORMAT binary)") as copy:
                data[table] = b"".join(bytes(chunk) for chunk in copy)
    return data


def restore(data) -> None:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        data.backup(connection.connection)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        tables = ", ".join(connection.ops.quote_name(t) for t in data)
        cursor.execute(f"TRUNCATE {tables} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, rows in data.items():
            quoted = connection.ops.quote_name(table)
            with cursor.cursor.copy(f"COPY {quoted} FROM STDIN (FORMAT binary)") as copy:
                copy.write(rows)
