"""Every factory of the knowledge base builds a valid object (so none rots)."""

import pytest

from resources import factories
from resources.extraction import extract_text

pytestmark = pytest.mark.django_db


def test_every_factory_builds(indexes, home):
    case_study = factories.CaseStudyPageFactory(
        parent=indexes["case_studies"], tags=["t"]
    )
    practice = factories.GoodPracticePageFactory(parent=indexes["good_practices"])
    factories.CaseStudyChangeFactory(page=case_study)
    factories.CaseStudyVoiceFactory(page=case_study)
    document = factories.DocumentFactory(tags=["security"])
    image = factories.ImageFactory()
    collection = factories.CollectionFactory()
    library = factories.DocumentLibraryPageFactory(parent=home, collection=collection)

    for page in (case_study, practice, library):
        page.full_clean()
    assert case_study.changes.count() == case_study.voices.count() == 1
    assert document.file.name.endswith(".pdf")
    assert "human rights" in extract_text(document.file)
    assert "human rights" in document.extracted_text
    assert image.width > 0
    assert collection.get_parent().depth == 1
