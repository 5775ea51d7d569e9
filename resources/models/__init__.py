"""The models of the resources app, by concept: the media library (documents,
images, document library pages) in `.media`, the knowledge base (case studies,
good practices) in `.pages`. Everything is importable from here; the
vocabularies come from `resources.choices`."""

from ..choices import Confidentiality, DocumentType, TextStatus, Theme
from .media import (
    AS_COLLECTION,
    ORIGINAL,
    Document,
    DocumentLibraryPage,
    Image,
    Rendition,
    community_page_for_collection,
)
from .pages import (
    CaseStudyChange,
    CaseStudyCommunity,
    CaseStudyDocument,
    CaseStudyGoodPractice,
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyTag,
    CaseStudyVoice,
    GoodPracticeEvidence,
    GoodPracticeIndexPage,
    GoodPracticePage,
    GoodPracticeTag,
)

__all__ = [
    "AS_COLLECTION",
    "ORIGINAL",
    "CaseStudyChange",
    "CaseStudyCommunity",
    "CaseStudyDocument",
    "CaseStudyGoodPractice",
    "CaseStudyIndexPage",
    "CaseStudyPage",
    "CaseStudyTag",
    "CaseStudyVoice",
    "Confidentiality",
    "Document",
    "DocumentLibraryPage",
    "DocumentType",
    "GoodPracticeEvidence",
    "GoodPracticeIndexPage",
    "GoodPracticePage",
    "GoodPracticeTag",
    "Image",
    "Rendition",
    "TextStatus",
    "Theme",
    "community_page_for_collection",
]
