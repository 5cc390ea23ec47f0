"""The PostgreSQL planner's statistics, refreshed after a benchmark's bulk load."""


def analyze() -> None:
    """PostgreSQL: refresh the planner's statistics after the bulk load, as autovacuum does
    within a minute or so of one. Without them it guesses one row per table and may scan a
    meeting's 3,000 check-ins for every batch of presses; a server with autovacuum off (as
    on the machine these benchmarks were first run on) would never refresh them."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
