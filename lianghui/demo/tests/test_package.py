"""lianghui.demo hands out the loader lazily: importing the package imports no models."""

import subprocess
import sys

import lianghui.demo
from lianghui.demo import seed


def test_the_loader_and_its_check_are_the_seed_modules():
    assert lianghui.demo.load_demo is seed.load_demo
    assert lianghui.demo.demo_loaded is seed.demo_loaded


def test_the_package_imports_before_django_is_set_up():
    code = (
        "import sys, lianghui.demo as d; "
        "assert d.DEMO_PASSWORD and 'lianghui.demo.seed' not in sys.modules; "
        "assert not hasattr(d, 'no_such_name')"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
