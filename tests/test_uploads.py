"""What every stored upload shares (lianghui/uploads.py): its description, its file under a
random name, and no file left behind when its row is not saved."""

import hashlib

import pytest
from django.test import override_settings

from lianghui import uploads
from lianghui.sessions.models import Document

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_an_upload_is_described_by_its_bare_name_type_size_and_digest():
    assert uploads.described("C:\\文件\\..\\报告.pdf", PDF_BYTES, "application/pdf") == {
        "original_name": "报告.pdf",
        "content_type": "application/pdf",
        "size": len(PDF_BYTES),
        "sha256": hashlib.sha256(PDF_BYTES).hexdigest(),
    }
    assert uploads.described("../../" + "名" * 300, b"", "x")["original_name"] == "名" * 200


def test_the_file_goes_under_a_random_name_and_away_again_if_the_save_fails(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        kept, lost = Document(), Document()
        uploads.write(kept, PDF_BYTES)
        assert kept.file.name.startswith("documents/") and "." not in kept.file.name
        assert (tmp_path / kept.file.name).read_bytes() == PDF_BYTES
        with uploads.removed_if_failed([kept]):
            pass  # saved: the file stays
        assert (tmp_path / kept.file.name).exists()
        uploads.write(lost, PDF_BYTES)
        name = lost.file.name
        with pytest.raises(RuntimeError), uploads.removed_if_failed([lost]):
            raise RuntimeError("the row was not saved")
        assert not (tmp_path / name).exists()
        assert (tmp_path / kept.file.name).exists()
