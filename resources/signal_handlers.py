"""Every knowledge-base index, in any language and however it was made (admin,
import, demo, a translation), gets the editorial rights and workflow at once."""

from django.db.models.signals import post_save


def prepare_new_index(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        from .services import prepare_knowledge_index

        prepare_knowledge_index(instance)


def register():
    from .pages import CaseStudyIndexPage, GoodPracticeIndexPage

    for model in (CaseStudyIndexPage, GoodPracticeIndexPage):
        post_save.connect(prepare_new_index, sender=model)
