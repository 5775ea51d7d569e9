"""Images served only to people who may view their collection, and the sitemap.

Wagtail protects documents in private collections but not images
(wagtail#3880): their files would be public to anyone with the URL. Here an
image's original and renditions are served by a view that applies the image's
collection privacy, with cache headers that keep restricted ones out of shared
caches. Only renditions that already exist are served, so a URL cannot make
the server generate new ones.
"""

import mimetypes
import posixpath

from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from intranet.access import can_view_collection, visible_pages_for

from .models import ORIGINAL, Image, Rendition

PUBLIC_MAX_AGE = 24 * 60 * 60


def serve_image(request, image_id, filter_spec, filename):
    image = Image.objects.select_related("collection").filter(pk=image_id).first()
    # Not found and not allowed look the same: no hint that an image exists.
    if image is None or not can_view_collection(request.user, image.collection):
        raise Http404
    if filter_spec == ORIGINAL:
        file = image.file
    else:
        rendition = Rendition.objects.filter(
            image=image, filter_spec=filter_spec
        ).first()
        if rendition is None:
            raise Http404
        file = rendition.file
    if posixpath.basename(file.name) != filename:
        raise Http404
    try:
        file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = FileResponse(file, content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    if can_view_collection(AnonymousUser(), image.collection):
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response


class PublicPagesSitemap(Sitemap):
    """Every page an anonymous visitor may view, in every language."""

    def items(self):
        pages = Page.objects.filter(depth__gte=2).order_by("path")
        return visible_pages_for(AnonymousUser(), pages).defer_streamfields().specific()


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": PublicPagesSitemap(request)})
