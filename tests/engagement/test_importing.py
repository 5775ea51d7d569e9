"""Who reviews a case study or good practice, and when, from an import file."""

import datetime
import textwrap

import pytest
from django.utils import timezone

from intranet.factories import UserFactory
from intranet.importing import import_path
from intranet.translation import translate_page
from resources.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
)

REVIEWS = """
    - type: review
      case_study: espinar
      owner: lucia
      review_on: -20 days
    - type: review
      good_practice: working-rules
      owner: lucia
      review_on: 2027-03-01
"""


@pytest.fixture
def pages(home, spanish_home):
    cases = CaseStudyIndexPageFactory(parent=home)
    practices = GoodPracticeIndexPageFactory(parent=home)
    case = CaseStudyPageFactory(parent=cases, slug="espinar")
    translate_page(cases, "es")
    return {
        "case": case,
        "translation": translate_page(case, "es"),
        "practice": GoodPracticePageFactory(parent=practices, slug="working-rules"),
    }


def import_reviews(folder, text):
    folder.mkdir(exist_ok=True)
    (folder / "reviews.yaml").write_text(textwrap.dedent(text).lstrip())
    return import_path(folder)


def test_reviews_set_the_owner_and_date_in_every_language(tmp_path, pages):
    lucia = UserFactory(username="lucia")

    actions, problems = import_reviews(tmp_path / "reviews", REVIEWS)

    assert problems == []
    today = timezone.localdate()
    for page in (pages["case"], pages["translation"]):
        page.refresh_from_db()
        assert page.content_owner == lucia
        assert page.review_on == today - datetime.timedelta(days=20)
    pages["practice"].refresh_from_db()
    assert pages["practice"].review_on == datetime.date(2027, 3, 1)
    revisions = pages["case"].revisions.count()

    actions, problems = import_reviews(tmp_path / "reviews", REVIEWS)

    assert [action.verb for action in actions] == ["unchanged", "unchanged"]
    assert pages["case"].revisions.count() == revisions


def test_a_review_of_an_unknown_page_or_person_is_refused(tmp_path, pages):
    text = """
        - type: review
          case_study: nowhere
          review_on: today
        - type: review
          good_practice: working-rules
          owner: nobody
        - type: review
          good_practice: working-rules
          case_study: espinar
    """

    actions, problems = import_reviews(tmp_path / "reviews", text)

    assert actions == []
    assert [str(problem).split("reviews.yaml:")[1] for problem in problems] == [
        "2: unknown case_study 'nowhere'",
        "6: unknown person 'nobody'",
        "9: give one of case_study or good_practice: the page's slug",
    ]
