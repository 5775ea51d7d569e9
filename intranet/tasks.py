"""Site-wide background work, run by the task worker."""

from django.core.mail import send_mail
from django_tasks import task
from wagtail_localize.models import TranslationSource


@task()
def send_email(subject, body, recipients):
    """Send one plain-text email, written (and translated) when it was queued:
    a slow or unreachable mail server never holds the request that wrote it."""
    return send_mail(subject, body, None, recipients)


@task()
def read_translation_sources(source_ids):
    """Read the strings of translation sources recorded in bulk (an import), for
    wagtail-localize's translation editor."""
    for source in TranslationSource.objects.filter(pk__in=source_ids):
        source.refresh_segments()
