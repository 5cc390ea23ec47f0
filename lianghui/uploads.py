"""An uploaded file kept with its row (a session's document, a filing's attachment), written
once below every app that stores one: the name it came with, its size and SHA-256, its bytes
under a random name, and no file left behind by a row that was not saved."""

import hashlib
import os
from contextlib import contextmanager

from django.core.files.base import ContentFile


def described(filename: str, data: bytes, content_type: str) -> dict:
    """The fields of a stored upload that say what came: the name without any folders (a
    Windows path's too, at most 200 characters), the type its content showed, the size and the
    SHA-256 that lets anyone check the copy they download."""
    return {
        "original_name": os.path.basename(filename.replace("\\", "/"))[:200],
        "content_type": content_type,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def write(row, data: bytes) -> None:
    """Write the bytes as the row's file, named by its field's upload_to (a random name, never
    the one uploaded, which a user chose), without saving the row."""
    row.file.save("upload", ContentFile(data), save=False)


@contextmanager
def removed_if_failed(rows):
    """Around the saving of `rows` (whose files are written): if it fails, their files are
    deleted and the error goes on. No row, no file: a failed save leaves no orphan upload."""
    try:
        yield
    except Exception:
        for row in rows:
            row.file.delete(save=False)
        raise
