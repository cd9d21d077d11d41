"""Media served by Django itself (SERVE_MEDIA: `make run`, `make serve`): nothing of a picture whose licence has
ended, even in the moments before its files are removed (docs/bildrechte.md). A web server that serves /media/
itself sees the files until `remove_ended_pictures` has run: docs/betrieb.md says how to run it."""

import re

from django.conf import settings
from django.http import Http404

from core.security import serve_media

from .models import Image
from .rights import gone_picture_ids

_RENDITION = re.compile(r"renditions/([0-9]+)/")


def serve_library_media(request, path: str, document_root=None):
    # MEDIA_ROOT as it is now (the URL pattern was made once, at start).
    document_root = settings.MEDIA_ROOT
    if found := _RENDITION.match(path):
        if gone_picture_ids([int(found[1])]):
            raise Http404
    elif path.startswith("images/") and Image.objects.licence_ended().filter(file=path).exists():
        raise Http404
    return serve_media(request, path, document_root=document_root)
