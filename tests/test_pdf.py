"""PDFs are refused, with a clear error, where the CJK fonts they are printed in are missing."""

import pytest

from lianghui import pdf


@pytest.fixture
def fresh_font_check():
    pdf.cjk_fonts_installed.cache_clear()
    yield
    pdf.cjk_fonts_installed.cache_clear()


def test_this_machine_has_the_fonts_and_prints(fresh_font_check):
    assert pdf.cjk_fonts_installed()
    assert pdf.render("<p>赞成</p>").startswith(b"%PDF")


def test_without_the_cjk_fonts_nothing_is_printed(fresh_font_check, tmp_path, monkeypatch):
    # fontconfig (what WeasyPrint finds fonts with) given a configuration with no font folders.
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?><fontconfig></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    assert not pdf.cjk_fonts_installed()
    with pytest.raises(pdf.FontsMissing) as refused:
        pdf.render("<p>赞成</p>")
    assert refused.value.status == 503
    assert "fonts-noto-cjk" in refused.value.message
