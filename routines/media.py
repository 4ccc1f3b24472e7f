"""Photos and clips a trainer uploads for an exercise: what is accepted, and how they are sent.

A photo is at most 5 MB (Pillow has already checked it is an image); a clip is MP4 or WebM,
at most 20 MB, and its first bytes must say so: a renamed file of another kind is refused with
a message next to the field. Files are read and written through Django's storage API, so a
deployment may keep them on a disk or in object storage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

IMAGE_LIMIT = 5 * 1024 * 1024
VIDEO_LIMIT = 20 * 1024 * 1024
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
MEDIA_TYPES = {
    **VIDEO_TYPES,
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
}
# A day: a replaced file gets a new name from the storage, but a deleted one should not live on.
MEDIA_SECONDS = 24 * 60 * 60


def image_size_problem(image: FieldFile) -> None:
    if _is_new(image) and image.size > IMAGE_LIMIT:
        raise ValidationError("This photo is larger than 5 MB: please send a smaller one.")


def video_problem(video: FieldFile) -> None:
    extension = video.name.rsplit(".", 1)[-1].lower() if "." in video.name else ""
    if extension not in VIDEO_TYPES:
        raise ValidationError("A clip must be an MP4 or a WebM file.")
    if not _is_new(video):
        return
    if video.size > VIDEO_LIMIT:
        raise ValidationError("This clip is larger than 20 MB: please send a shorter one.")
    video.seek(0)
    head = video.read(12)
    video.seek(0)
    is_mp4 = head[4:8] == b"ftyp"
    is_webm = head[:4] == b"\x1a\x45\xdf\xa3"
    if not (is_mp4 if extension == "mp4" else is_webm):
        raise ValidationError(f"This file is not a {extension.upper()} video.")


def _is_new(file: FieldFile) -> bool:
    """A file just uploaded, not one already kept (which may live in remote storage)."""
    return not getattr(file, "_committed", True)


BYTE_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


def media_response(
    request: HttpRequest, name: str, content_type: str
) -> HttpResponse | StreamingHttpResponse:
    """A kept file, or the byte range a video player asks for (Safari plays no clip without
    ranges). The file is streamed, never read whole into memory."""
    size = default_storage.size(name)
    requested = BYTE_RANGE.match(request.headers.get("Range", ""))
    start, end = 0, size - 1
    if requested and "".join(requested.groups()):
        first, last = requested.groups()
        if first:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        else:
            start = max(size - int(last), 0)
        if start > end:
            refused = HttpResponse(status=HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            refused["Content-Range"] = f"bytes */{size}"
            return refused
    file = default_storage.open(name)
    file.seek(start)
    partial = (start, end) != (0, size - 1)
    response = StreamingHttpResponse(
        _read_to(file, end - start + 1),
        content_type=content_type,
        status=HTTPStatus.PARTIAL_CONTENT if partial else HTTPStatus.OK,
    )
    response["Content-Length"] = str(end - start + 1)
    if partial:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = f"public, max-age={MEDIA_SECONDS}"
    return response


def _read_to(file: File, length: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    with file:
        while length > 0:
            data = file.read(min(chunk, length))
            if not data:
                return
            length -= len(data)
            yield data
