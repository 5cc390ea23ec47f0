"""The channel layer of a single process (no Redis): Channels' in-memory layer, made to scale.

Channels' InMemoryChannelLayer sweeps every channel and every group for expired entries
on each receive and each group send. With one consumer per screen and tablet that is a
sweep of 3,000 channels for each of 3,000 receives per push: in a 3,000-screen burst on
one process, half the server's CPU went to these sweeps. Expiry is measured in a minute
(messages) and a day (group membership), so sweeping once a second changes nothing that
anyone could observe.
"""

import time

from channels.layers import InMemoryChannelLayer

SWEEP_EVERY = 1.0  # seconds


class LocalChannelLayer(InMemoryChannelLayer):
    _swept_at = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._swept_at < SWEEP_EVERY:
            return
        self._swept_at = now
        super()._clean_expired()
