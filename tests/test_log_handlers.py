import io
import logging
import sys

from lianghui.log_handlers import CurrentStderrHandler


def test_a_record_goes_to_the_stderr_of_the_moment_not_a_closed_one(monkeypatch):
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    handler = CurrentStderrHandler()  # configured while `first` was the stderr
    logger = logging.getLogger("lianghui.tests.handler")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("一")
        assert first.getvalue() == "一\n"
        first.close()  # a test runner's capture file, closed after use
        second = io.StringIO()
        monkeypatch.setattr(sys, "stderr", second)
        logger.warning("二")  # a plain StreamHandler: "I/O operation on closed file"
        assert second.getvalue() == "二\n"
    finally:
        logger.removeHandler(handler)
