"""Factories of the knowledge base (tests build only what they need)."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.models import Collection

from intranet.taxonomy import Pillar

from .choices import Theme
from .models import (
    CaseStudyChange,
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyVoice,
    Document,
    DocumentLibraryPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
    Image,
)
from .pdf import pdf_bytes


class _TaggedPageFactory(wagtail_factories.PageFactory):
    @factory.post_generation
    def tags(page, create, extracted, **kwargs):
        if extracted:
            page.tags.add(*extracted)
            if create:
                page.save()


class CaseStudyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Case studies"
    slug = "case-studies"

    class Meta:
        model = CaseStudyIndexPage


class CaseStudyPageFactory(_TaggedPageFactory):
    title = factory.Sequence(lambda n: f"Case study {n}")
    summary = "How a regional working group found its feet."
    country = "PE"
    region = "Cusco"
    start_year = 2017
    end_year = 2018
    pillars = factory.LazyFunction(lambda: [Pillar.COMPANY, Pillar.GOVERNMENT])
    challenge = "<p>Security incidents around mines.</p>"
    approach = "<p>A feasibility study, then a core group.</p>"
    results = "<p>A work plan for the next year.</p>"
    lessons_learned = "<p>Start with the people already convinced.</p>"

    class Meta:
        model = CaseStudyPage
        skip_postgeneration_save = True


class CaseStudyChangeFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(CaseStudyPageFactory)
    from_text = "Distrust between police and communities"
    to_text = "Regular meetings at one table"

    class Meta:
        model = CaseStudyChange


class CaseStudyVoiceFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(CaseStudyPageFactory)
    quote = "For the first time we were heard."
    speaker_role = "Artisanal miner"
    consent_given = True

    class Meta:
        model = CaseStudyVoice


class GoodPracticeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Good practices"
    slug = "good-practices"

    class Meta:
        model = GoodPracticeIndexPage


class GoodPracticePageFactory(_TaggedPageFactory):
    title = factory.Sequence(lambda n: f"Good practice {n}")
    summary = "Agree clear rules from the start."
    theme = Theme.WORKING_RULES
    practice = "<p>Agree meeting cadence and confidentiality at the start.</p>"
    why_it_matters = "<p>Clear rules build trust.</p>"
    steps = factory.LazyFunction(
        lambda: [
            ("step", {"title": "Fix the cadence", "text": "<p>Quarterly.</p>"}),
            ("step", {"title": "Choose a confidentiality rule", "text": ""}),
        ]
    )
    where_it_applies = "Any multi-stakeholder working group."

    class Meta:
        model = GoodPracticePage
        skip_postgeneration_save = True


def root_collection():
    return Collection.get_first_root_node()


class CollectionFactory(factory.django.DjangoModelFactory):
    """A child of the root collection."""

    name = factory.Sequence(lambda n: f"Collection {n}")

    class Meta:
        model = Collection

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = kwargs.pop("parent", None) or root_collection()
        return parent.add_child(instance=model_class(**kwargs))


class DocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Document {n}")
    collection = factory.LazyFunction(root_collection)
    file = factory.LazyAttribute(
        lambda document: ContentFile(
            pdf_bytes(document.title, ["Security and human rights in mining."]),
            name="document.pdf",
        )
    )
    language = "en"

    class Meta:
        model = Document
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(document, create, extracted, **kwargs):
        if extracted:
            document.tags.add(*extracted)


class ImageFactory(wagtail_factories.ImageFactory):
    collection = factory.LazyFunction(root_collection)

    class Meta:
        model = Image


class DocumentLibraryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Library {n}")
    collection = factory.LazyFunction(root_collection)

    class Meta:
        model = DocumentLibraryPage
