"""Authentication shared by the domain routers, kept below them so no router imports another.

PUBLIC: a signed-in user is recognised (django_auth), and an anonymous reader is let through
as well; the access gate of each domain then decides per object (a public session's data is
public, a closed session's is not).
"""

from ninja.security import django_auth

PUBLIC = [django_auth, lambda request: True]
