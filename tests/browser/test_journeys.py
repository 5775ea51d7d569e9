"""Journeys of a moderator and an editor, each in English and in Spanish.

People use the site and the admin in their language (the admin follows their
preferred language, the site its URL prefix) and do every step under test
through the pages, as a person would; the world they start from is built with
the ORM. Each step is photographed at 1280 and 375 pixels wide under
test-results/journeys/<journey>-<language>/.
"""

import re
from pathlib import Path

import pytest
from django.utils.text import slugify

from communities.models import Membership
from resources.models import Document
from resources.pdf import pdf_bytes
from tests.browser.journeys import (
    OTHER,
    WORDS,
    Journey,
    Newsroom,
    World,
    person,
    sign_in,
    sign_in_to_admin,
)

LANGUAGES = ["en", "es"]

CASE_STUDY = {
    "en": {
        "title": "Police and communities at one table in Espinar",
        "summary": "How a regional working group brought the police, the mine "
        "and community leaders to meet every quarter.",
        "challenge": "Distrust between the police and the communities near the mine.",
    },
    "es": {
        "title": "Policía y comunidades en una misma mesa en Espinar",
        "summary": "Cómo un grupo de trabajo regional reunió cada trimestre a la "
        "policía, la mina y los dirigentes comunales.",
        "challenge": "Desconfianza entre la policía y las comunidades vecinas a "
        "la mina.",
    },
}


@pytest.fixture(params=LANGUAGES)
def language(request):
    return request.param


@pytest.fixture
def world(site, home, language):
    return World(home, language)


def test_moderator_shares_a_members_only_pdf(
    site, world, language, open_context, tmp_path
):
    journey = Journey("moderator-library", language)
    words = journey.words
    title = {"en": "Plenary minutes, March", "es": "Acta de la plenaria de marzo"}
    pdf = tmp_path / "plenary-minutes.pdf"
    pdf.write_bytes(pdf_bytes(title[language], ["Unattributed summary."]))

    # The moderator uploads the file to the community's library in the admin.
    moderator = open_context()
    admin = sign_in_to_admin(moderator, site, world.moderator)
    journey.shot(admin, "dashboard")
    admin.goto(site + "/admin/documents/")
    admin.locator("header").get_by_role(
        "link", name=re.compile(words["add_document"])
    ).click()
    admin.wait_for_url(re.compile(r"/admin/documents/multiple/add/"))
    journey.shot(admin, "upload")
    admin.locator("#fileupload").set_input_files(str(pdf))
    form = admin.locator("#upload-list form")
    form.wait_for()
    form.locator("[name$=-title]").fill(title[language])
    form.locator("[name$=-confidentiality]").select_option(label=words["members"])
    journey.shot(admin, "uploaded")
    form.locator("button[type=submit]").click()
    # Saved, the form goes and Wagtail says so among its messages.
    admin.locator("#upload-list > li").wait_for(state="detached")
    assert admin.locator(".messages").get_by_text(words["document_updated"]).count()
    journey.shot(admin, "updated")

    document = Document.objects.get(title=title[language])
    assert document.collection_id == world.community.collection_id
    assert document.confidentiality == "members"

    # A member of the community finds it in the library and downloads it.
    member = open_context(accept_downloads=True)
    reader = sign_in(member, site, world.member, language)
    reader.goto(site + world.community_in(language).url)
    reader.get_by_role("link", name=words["members_area"]).click()
    reader.get_by_role("link", name=world.library_title(language)).click()
    link = reader.get_by_role("link", name=title[language])
    row = reader.locator("main tr").filter(has=link)
    assert words["members"] in row.inner_text()
    journey.shot(reader, "member-library")
    with reader.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    href = site + link.get_attribute("href")
    response = member.request.get(href)
    assert response.status == 200
    assert response.body().startswith(b"%PDF")

    # A member of another community, and a visitor, get no file: refused, or
    # sent to log in.
    other = open_context()
    sign_in(other, site, world.other_member, language)
    for context, step in ((other, "other-member"), (open_context(), "visitor")):
        response = context.request.get(href, max_redirects=0)
        assert response.status in (302, 403, 404), (step, response.status)
        assert not response.body().startswith(b"%PDF")
        if response.status == 302:
            assert "/accounts/login/" in response.headers["location"]
        refused = context.new_page()
        refused.goto(href)
        assert refused.locator("main").count()
        journey.shot(refused, step)


def choose_action(page, button):
    """Click `button` of the editor's action menu, opening the menu if needed."""
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    button.click()


def test_moderators_record_a_meeting_and_approve_its_minutes(
    site, world, language, open_context
):
    journey = Journey("moderator-meeting", language)
    words = journey.words
    other = OTHER[language]
    meeting, translation = world.meeting(language)
    secretary = world.join(
        "lima-secretariat", Membership.Role.SECRETARIAT, "Socios Perú", "civil_society"
    )
    minutes = {
        "en": "Members agreed to meet the regional police before the next plenary.",
        "es": "Los miembros acordaron reunirse con la policía regional antes de "
        "la próxima plenaria.",
    }[language]

    # The secretariat records who came and what was said, and submits it.
    admin = sign_in_to_admin(open_context(), site, secretary)
    admin.goto(f"{site}/admin/pages/{meeting.get_parent().pk}/")
    journey.shot(admin, "members-area-in-admin")
    admin.get_by_role("link", name=meeting.title, exact=True).first.click()
    admin.wait_for_url(re.compile(rf"/admin/pages/{meeting.pk}/edit/"))
    for institution in ("Defensoría del Pueblo", "Red Muqui", "Socios Perú"):
        admin.get_by_label(institution, exact=True).check()
    editor = admin.locator("[data-contentpath=minutes] [contenteditable=true]")
    editor.click()
    editor.type(minutes)
    journey.shot(admin, "attendance-and-minutes")
    choose_action(admin, admin.locator("button[name=action-submit]"))
    admin.wait_for_url(re.compile(rf"/admin/pages/{meeting.get_parent().pk}/$"))
    assert admin.locator(".messages").get_by_text(meeting.title).count()
    journey.shot(admin, "submitted")

    # The coordination group finds it awaiting review and approves it.
    admin = sign_in_to_admin(open_context(), site, world.moderator)
    awaiting = (
        admin.locator("section, div.w-panel")
        .filter(has_text=words["awaiting_review"])
        .last
    )
    journey.shot(admin, "awaiting-review")
    editor_url = re.compile(rf"/admin/pages/{meeting.pk}/edit/$")
    with admin.expect_response(editor_url) as opened:
        awaiting.get_by_role("link", name=meeting.title).first.click()
    # Reviewers read the minutes in the editor before approving them.
    assert opened.value.status == 200, "the meeting awaiting approval does not open"
    journey.shot(admin, "review")
    approve = "button[data-workflow-action-name=approve]"
    choose_action(
        admin, admin.locator(f"{approve}:not([data-workflow-action-modal-url])")
    )
    admin.wait_for_url(re.compile(rf"/admin/pages/{meeting.get_parent().pk}/$"))
    journey.shot(admin, "approved")

    # A member reads the meeting in the other language: the same attendance,
    # and the minutes in the original with a note until they are translated.
    reader = sign_in(open_context(), site, world.member, other)
    reader.goto(site + world.community_in(other).url)
    reader.get_by_role("link", name=WORDS[other]["members_area"]).click()
    reader.get_by_role("link", name=translation.title).click()
    reader.wait_for_url(re.compile(re.escape(translation.url) + "$"))
    journey.shot(reader, "meeting-in-the-other-language")
    main = reader.locator("main")
    attendance = main.locator("section").filter(
        has=reader.get_by_role("heading", name=WORDS[other]["institutions_present"])
    )
    for institution in ("Defensoría del Pueblo", "Red Muqui", "Socios Perú"):
        assert attendance.get_by_text(institution).count() == 1, institution
    record = main.locator("section").filter(
        has=reader.get_by_role("heading", name=WORDS[other]["minutes"], exact=True)
    )
    assert minutes in record.inner_text()
    assert WORDS[other]["not_translated"] in record.inner_text()
    assert record.locator(f"[lang={language}]").get_by_text(minutes).count() == 1


def test_moderator_approves_an_application_and_the_new_member_gets_in(
    site, world, language, open_context
):
    journey = Journey("moderator-applications", language)
    words = journey.words
    community = world.community_in(language)
    newcomer = person("idl-director", language, "Rocío", "Huamán")

    # Someone applies on behalf of their institution.
    applicant = sign_in(open_context(), site, newcomer, language)
    applicant.goto(site + community.url)
    applicant.get_by_role("link", name=words["apply_for_institution"]).click()
    form = applicant.locator("main form")
    form.locator("#id_institution_name").fill("Instituto de Defensa Legal")
    form.locator("#id_acronym").fill("IDL")
    form.locator("#id_pillar").select_option("civil_society")
    form.locator("#id_country").select_option("PE")
    form.locator("#id_letter").fill(words["letter"])
    journey.shot(applicant, "application")
    form.get_by_role("button", name=words["send_application"]).click()
    applicant.wait_for_url(re.compile(re.escape(community.url) + "$"))
    assert applicant.get_by_text(words["application_sent"]).count() == 1
    journey.shot(applicant, "application-sent")
    applicant.context.close()

    # The coordination group approves it on the community's applications page.
    reviewer = sign_in(open_context(), site, world.moderator, language)
    reviewer.goto(site + community.url)
    reviewer.get_by_role("link", name=words["applications"]).click()
    reviewer.wait_for_url(re.compile(r"/communities/lima/applications/$"))
    application = reviewer.locator("article").filter(has_text="Instituto de Defensa")
    assert words["letter"] in application.inner_text()
    application.get_by_label(words["approve"], exact=True).check()
    journey.shot(reviewer, "applications")
    application.get_by_role("button", name=words["record_decision"]).click()
    reviewer.wait_for_load_state()
    assert reviewer.get_by_text(words["now_a_member"]).count() == 1
    journey.shot(reviewer, "approved")

    # The new member logs in and reaches the members area.
    member = sign_in(open_context(), site, newcomer, language)
    member.goto(site + community.url)
    member.get_by_role("link", name=words["members_area"]).click()
    member.wait_for_url(re.compile(re.escape(world.members_area_in(language).url)))
    assert member.get_by_role("heading", level=1).inner_text() == words["area"]
    journey.shot(member, "members-area")


def translate_strings(page, words, source, target):
    """Type each string's translation in wagtail-localize's translation editor,
    tab by tab: `target[key]` for the string that reads `source[key]`."""
    translations = {source[key]: target[key] for key in source}
    translations[slugify(source["title"])] = slugify(target["title"])
    for tab in page.get_by_role("tab").all():
        tab.click()
        segments = page.locator("[role=tabpanel] section > ul > li > ul > li:visible")
        for number in range(segments.count()):
            segment = segments.nth(number)
            text = segment.locator("p").first.inner_text()
            segment.get_by_role("button", name=words["translate"], exact=True).click()
            segment.locator("textarea").fill(translations.get(text, text))
            segment.get_by_role("button", name=words["save"], exact=True).click()
            segment.get_by_role("button", name=words["edit"], exact=True).wait_for()


def test_editor_writes_translates_and_has_a_case_study_approved(
    site, home, language, open_context
):
    journey = Journey("editor", language)
    words = journey.words
    other = OTHER[language]
    newsroom = Newsroom(language)
    case = CASE_STUDY[language]

    # The editor writes the case study in the admin, in the language they think in.
    admin = sign_in_to_admin(open_context(), site, newsroom.editor)
    index = newsroom.case_studies(language)
    admin.goto(f"{site}/admin/pages/{index.pk}/")
    journey.shot(admin, "case-studies-in-admin")
    admin.locator(f"a[href$='/admin/pages/{index.pk}/add_subpage/']").first.click()
    admin.wait_for_url(re.compile(r"/admin/pages/add/resources/casestudypage/"))
    admin.locator("#id_title").fill(case["title"])
    admin.locator("#id_summary").fill(case["summary"])
    admin.locator("#id_country").select_option("PE")
    admin.locator("#id_region").fill("Cusco")
    admin.locator("#id_start_year").fill("2017")
    for pillar in ("company", "government", "civil_society"):
        admin.locator(f"input[name=pillars][value={pillar}]").check()
    challenge = admin.locator("[data-contentpath=challenge] [contenteditable=true]")
    challenge.click()
    challenge.type(case["challenge"])
    journey.shot(admin, "writing")
    admin.get_by_role("button", name=words["save_draft"]).click()
    admin.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page_id = int(re.search(r"/admin/pages/(\d+)/edit/", admin.url).group(1))
    journey.shot(admin, "draft-saved")

    # Then translates it with wagtail-localize.
    admin.locator("#w-slim-header-buttons [data-w-dropdown-target=toggle]").click()
    admin.get_by_role("link", name=words["translate_page"]).click()
    admin.wait_for_url(re.compile(rf"/admin/localize/submit/page/{page_id}/"))
    admin.get_by_label(words["language_names"][other], exact=True).check()
    journey.shot(admin, "translate")
    admin.locator("main form").get_by_role("button", name=words["submit"]).click()
    admin.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    translation_id = int(re.search(r"/admin/pages/(\d+)/edit/", admin.url).group(1))
    journey.shot(admin, "translation-editor")
    translate_strings(admin, words, CASE_STUDY[language], CASE_STUDY[other])
    journey.shot(admin, "translated")

    # Submits the translation for review from the translation editor...
    admin.locator(".messages").get_by_role(
        "link", name=words["submit_for_review"]
    ).click()
    admin.wait_for_url(re.compile(rf"/admin/translations/{translation_id}/submit/"))
    journey.shot(admin, "submit-translation")
    admin.locator("main form").get_by_role(
        "button", name=words["submit_for_review"]
    ).click()
    admin.wait_for_url(re.compile(rf"/admin/pages/{translation_id}/edit/$"))
    assert admin.locator(".messages").get_by_text(CASE_STUDY[other]["title"]).count()
    journey.shot(admin, "translation-submitted")

    # ... and the original through the page editor's action menu.
    admin.goto(f"{site}/admin/pages/{page_id}/edit/")
    choose_action(admin, admin.locator("button[name=action-submit]"))
    admin.wait_for_url(re.compile(rf"/admin/pages/{index.pk}/$"))
    assert admin.locator(".messages").get_by_text(case["title"]).count()
    journey.shot(admin, "original-submitted")

    # A reviewer approves both from the dashboard.
    admin = sign_in_to_admin(open_context(), site, newsroom.reviewer)
    awaiting = admin.locator("#awaiting-review-section")
    journey.shot(admin, "awaiting-review")
    for title in (case["title"], CASE_STUDY[other]["title"]):
        row = awaiting.locator("tr").filter(
            has=admin.get_by_role("link", name=title, exact=True)
        )
        row.get_by_role("button", name=words["actions"]).click()
        row.locator(
            "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"
        ).click()
        row.wait_for(state="detached")
    journey.shot(admin, "approved")

    # Both are public: in the listings, the search and the feeds of their language.
    visitor = open_context()
    for code in (language, other):
        title = CASE_STUDY[code]["title"]
        reader = visitor.new_page()
        reader.goto(site + WORDS[code]["prefix"] + "/")
        reader.locator("header nav").get_by_role(
            "link", name=newsroom.case_studies(code).title
        ).click()
        reader.wait_for_url(
            re.compile(re.escape(newsroom.case_studies(code).url) + "$")
        )
        assert reader.locator("main").get_by_role("link", name=title).count() == 1
        journey.shot(reader, f"listing-{code}")
        reader.locator("#site-search-q").fill("Espinar")
        reader.locator("#site-search-q").press("Enter")
        reader.wait_for_url(re.compile(r"/search/\?q=Espinar"))
        assert reader.locator("main").get_by_role("link", name=title).count() == 1
        journey.shot(reader, f"search-{code}")
        feed = visitor.request.get(site + WORDS[code]["prefix"] + "/feeds/rss/")
        assert feed.status == 200
        assert f"<title>{title}</title>" in feed.text()
