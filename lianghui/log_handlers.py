"""A console handler that writes to the standard error stream of the moment.

logging.StreamHandler keeps the stream it found when logging was configured. Under a test
runner that swaps sys.stderr for a capture file and later closes it, every record logged
afterwards (a library's warning, say) ends in a "Logging error … I/O operation on closed
file" traceback instead of a line. Looking sys.stderr up at each record avoids that, and
changes nothing for a server, whose stderr never changes.
"""

import logging
import sys


class CurrentStderrHandler(logging.StreamHandler):
    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):  # StreamHandler sets it; the current sys.stderr always wins
        pass
