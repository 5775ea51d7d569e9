"""Every reference an author makes points at what the author may see, and a page
never shows a reader a link, title or image of what that reader may not see.

The world: a public case study index, two communities (Lima and Cusco), each
with a members area, a meeting and a private collection holding a document
and an image; an editor of the knowledge base; Lima's moderator; a member of
Lima; an outsider.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail import blocks
from wagtail.admin.widgets import AdminPageChooser, BaseChooser
from wagtail.blocks import ChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page, Revision, get_page_models
from wagtail.rich_text import expand_db_html, features
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MeetingPageFactory,
    MembershipFactory,
)
from communities.models import CommunityPage, Institution, MeetingPage, Membership
from intranet.access.references import (
    NOT_SEEN,
    ReferenceCheckedPageForm,
    problems_with,
    stream_references,
)
from intranet.access.rich_text import (
    AuthorPageLinkElementHandler,
    ReaderDocumentLinkHandler,
    ReaderImageEmbedHandler,
    ReaderPageLinkHandler,
)
from intranet.blocks import (
    AuthorCheckedChooserMixin,
    DocumentChooserBlock,
    ImageChooserBlock,
    PageChooserBlock,
)
from intranet.factories import UserFactory
from intranet.roles import EDITORS
from resources.factories import CaseStudyPageFactory, DocumentFactory, ImageFactory
from resources.models import CaseStudyDocument, CaseStudyPage
from resources.services import ensure_knowledge_indexes, publications_collection

pytestmark = pytest.mark.django_db

NOT_A_PAGE_YOU_SEE = "Choose a page you can see."
NOT_A_DOCUMENT_YOU_SEE = "Choose a document you can see."
NOT_AN_IMAGE_YOU_SEE = "Choose an image you can see."


@pytest.fixture
def indexes(home):
    return ensure_knowledge_indexes("en")


@pytest.fixture
def communities(home):
    index = CommunityIndexPageFactory(parent=home)
    lima = CommunityPageFactory(parent=index, title="Lima working group", slug="lima")
    cusco = CommunityPageFactory(parent=index, title="Cusco group", slug="cusco")
    return lima, cusco


def _private_things(community, name):
    meeting = MeetingPageFactory(
        parent=community.members_area(), title=f"{name} plenary", slug=f"{name}-plenary"
    )
    document = DocumentFactory(
        title=f"{name} minutes file", collection=community.collection
    )
    image = ImageFactory(title=f"{name} photo", collection=community.collection)
    return meeting, document, image


@pytest.fixture
def lima(communities):
    meeting, document, image = _private_things(communities[0], "lima")
    return communities[0], meeting, document, image


@pytest.fixture
def cusco(communities):
    meeting, document, image = _private_things(communities[1], "cusco")
    return communities[1], meeting, document, image


def _join(community, role=Membership.Role.PLENARY):
    person = UserFactory()
    MembershipFactory(
        community=community,
        institution=InstitutionFactory(),
        role=role,
        representatives=[person],
    )
    return person


@pytest.fixture
def editor(db):
    person = UserFactory()
    person.groups.add(Group.objects.get(name=EDITORS))
    return person


@pytest.fixture
def lima_member(lima):
    return _join(lima[0])


@pytest.fixture
def lima_moderator(lima):
    return _join(lima[0], role=Membership.Role.COORDINATION)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- Authors reference only what they may see ------------------------------------


def case_study_form(**extra):
    return nested_form_data(
        {
            "title": "Cusco group",
            "slug": "cusco-group",
            "summary": "How the Cusco group began.",
            "country": "PE",
            "region": "Cusco",
            "start_year": "2017",
            "end_year": "2018",
            "pillars": ["company", "government"],
            "tags": "",
            "challenge": rich_text("<p>Conflicts around mines.</p>"),
            "approach": rich_text(""),
            "results": rich_text(""),
            "lessons_learned": rich_text(""),
            "body": streamfield([]),
            "communities": inline_formset([]),
            "changes": inline_formset([]),
            "voices": inline_formset([]),
            "related_practices": inline_formset([]),
            "related_documents": inline_formset([]),
            **extra,
        }
    )


def call_to_action(page_id):
    return (
        "call_to_action",
        {
            "title": "Read the minutes",
            "text": "",
            "page": str(page_id),
            "button_text": "Open",
        },
    )


def image_block(image_id):
    return ("image", {"image": str(image_id), "alt_text": "", "caption": ""})


def post_draft(user, index, data):
    return client_for(user).post(
        f"/admin/pages/add/resources/casestudypage/{index.pk}/", data
    )


def block_errors(form, name):
    return form.errors[name].as_data()[0].as_json_data()


def nothing_saved():
    return (
        not CaseStudyPage.objects.exists()
        and not Revision.objects.filter(
            base_content_type__model="page", object_str="Cusco group"
        ).exists()
    )


def test_a_restricted_meeting_in_a_call_to_action_is_refused(editor, indexes, lima):
    meeting = lima[1]
    data = case_study_form(body=streamfield([call_to_action(meeting.pk)]))

    response = post_draft(editor, indexes["case_studies"], data)

    assert response.status_code == 200
    assert block_errors(response.context["form"], "body") == {
        "blockErrors": {
            0: {"blockErrors": {"page": {"messages": [NOT_A_PAGE_YOU_SEE]}}}
        }
    }
    assert nothing_saved()
    assert "lima plenary" not in response.content.decode()


def test_a_page_that_does_not_exist_is_refused_in_the_same_words(editor, indexes):
    data = case_study_form(body=streamfield([call_to_action(999999)]))

    response = post_draft(editor, indexes["case_studies"], data)

    assert block_errors(response.context["form"], "body") == {
        "blockErrors": {
            0: {"blockErrors": {"page": {"messages": [NOT_A_PAGE_YOU_SEE]}}}
        }
    }
    assert nothing_saved()


def test_a_members_only_document_in_related_documents_is_refused(editor, indexes, lima):
    document = lima[2]
    data = case_study_form(
        related_documents=inline_formset([{"document": str(document.pk)}])
    )

    response = post_draft(editor, indexes["case_studies"], data)

    form = response.context["form"]
    assert form.formsets["related_documents"].forms[0].errors == {
        "document": [NOT_A_DOCUMENT_YOU_SEE]
    }
    assert nothing_saved()
    assert "lima minutes file" not in response.content.decode()


def test_a_document_that_does_not_exist_is_refused_in_the_same_words(editor, indexes):
    data = case_study_form(related_documents=inline_formset([{"document": "999999"}]))

    response = post_draft(editor, indexes["case_studies"], data)

    form = response.context["form"]
    assert form.formsets["related_documents"].forms[0].errors == {
        "document": [NOT_A_DOCUMENT_YOU_SEE]
    }
    assert nothing_saved()


def test_a_private_image_in_an_image_block_is_refused(editor, indexes, lima):
    image = lima[3]
    data = case_study_form(body=streamfield([image_block(image.pk)]))

    response = post_draft(editor, indexes["case_studies"], data)

    assert block_errors(response.context["form"], "body") == {
        "blockErrors": {
            0: {"blockErrors": {"image": {"messages": [NOT_AN_IMAGE_YOU_SEE]}}}
        }
    }
    assert nothing_saved()
    assert "lima photo" not in response.content.decode()


def test_a_meeting_in_the_community_chooser_is_refused(editor, indexes, lima):
    meeting = lima[1]
    # Even a meeting the author may see is not a community.
    meeting_seen = MeetingPageFactory(parent=indexes["case_studies"].get_parent())
    data = case_study_form(
        communities=inline_formset(
            [{"community": str(meeting.pk)}, {"community": str(meeting_seen.pk)}]
        )
    )

    response = post_draft(editor, indexes["case_studies"], data)

    forms = response.context["form"].formsets["communities"].forms
    assert forms[0].errors == {"community": [NOT_A_PAGE_YOU_SEE]}
    assert forms[1].errors == {
        "community": ["Choose a page of this type: community page."]
    }
    assert nothing_saved()


def test_an_author_references_what_they_may_see(editor, indexes, lima):
    community = lima[0]
    public_document = DocumentFactory(
        title="Public report", collection=publications_collection()
    )
    public_image = ImageFactory(collection=publications_collection())
    practice_index = indexes["good_practices"]
    data = case_study_form(
        challenge=rich_text(
            f'<p>See <a linktype="page" id="{practice_index.pk}">practices</a> and '
            f'<a linktype="document" id="{public_document.pk}">the report</a>.</p>'
        ),
        body=streamfield([call_to_action(community.pk), image_block(public_image.pk)]),
        communities=inline_formset([{"community": str(community.pk)}]),
        related_documents=inline_formset([{"document": str(public_document.pk)}]),
    )

    response = post_draft(editor, indexes["case_studies"], data)

    assert response.status_code == 302
    page = CaseStudyPage.objects.get(slug="cusco-group")
    assert page.get_latest_revision().as_object().related_documents.get().document == (
        public_document
    )
    assert page.communities.get().community.pk == community.pk
    edit_form = client_for(editor).get(f"/admin/pages/{page.pk}/edit/")
    assert "Public report" in edit_form.content.decode()


def minutes_form(meeting, minutes_html):
    return nested_form_data(
        {
            "title": meeting.title,
            "slug": meeting.slug,
            "starts_at": meeting.starts_at.strftime("%Y-%m-%d %H:%M"),
            "duration_minutes": str(meeting.duration_minutes),
            "venue": meeting.venue,
            "agenda": meeting.agenda,
            "guests": "",
            "minutes": rich_text(minutes_html),
        }
    )


def cusco_minutes(cusco):
    meeting, document, image = cusco[1], cusco[2], cusco[3]
    return (
        f'<p>As agreed in <a linktype="page" id="{meeting.pk}">Cusco</a>, see '
        f'<a linktype="document" id="{document.pk}">their file</a>.</p>'
        f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="Cusco"/>'
    )


def test_minutes_linking_another_community_cannot_be_previewed(
    lima_moderator, lima, cusco
):
    meeting = lima[1]
    client = client_for(lima_moderator)
    preview = f"/admin/pages/{meeting.pk}/edit/preview/"

    response = client.post(preview, minutes_form(meeting, cusco_minutes(cusco)))

    assert response.json() == {"is_valid": False, "is_available": False}
    shown = client.get(preview).content.decode()
    assert "cusco-plenary" not in shown and "document.pdf" not in shown


def test_minutes_linking_another_community_are_not_saved(lima_moderator, lima, cusco):
    meeting = lima[1]
    revisions = Revision.objects.count()

    response = client_for(lima_moderator).post(
        f"/admin/pages/{meeting.pk}/edit/", minutes_form(meeting, cusco_minutes(cusco))
    )

    assert response.status_code == 200
    assert response.context["form"].errors["minutes"] == [
        NOT_A_PAGE_YOU_SEE,
        NOT_A_DOCUMENT_YOU_SEE,
        NOT_AN_IMAGE_YOU_SEE,
    ]
    assert Revision.objects.count() == revisions
    html = response.content.decode()
    assert "cusco-plenary" not in html and "cusco minutes file" not in html
    assert "cusco photo" not in html and f"/images/{cusco[3].pk}/" not in html


def test_minutes_may_link_the_communitys_own_meeting_and_file(lima_moderator, lima):
    meeting, document = lima[1], lima[2]
    own = MeetingPageFactory(parent=lima[0].members_area(), title="Earlier plenary")
    html = (
        f'<p>See <a linktype="page" id="{own.pk}">the last one</a> and '
        f'<a linktype="document" id="{document.pk}">the file</a>.</p>'
    )

    response = client_for(lima_moderator).post(
        f"/admin/pages/{meeting.pk}/edit/", minutes_form(meeting, html)
    )

    assert response.status_code == 302
    latest = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision_as_object()
    assert f'id="{own.pk}"' in latest.minutes


# --- Readers see only what they may see --------------------------------------------


@pytest.fixture
def public_case_study(indexes, lima):
    """A published case study that names Lima's members' meeting, file and photo
    (say, imported, or restricted after it was written)."""
    meeting, document, image = lima[1], lima[2], lima[3]
    page = CaseStudyPageFactory(
        parent=indexes["case_studies"],
        title="Lima story",
        slug="lima-story",
        challenge=(
            f'<p>Read <a linktype="page" id="{meeting.pk}">the plenary</a>, '
            f'<a linktype="document" id="{document.pk}">the minutes file</a>.</p>'
            f'<embed embedtype="image" id="{image.pk}" format="fullwidth" '
            'alt="Plenary photo"/>'
        ),
        body=[
            (
                "call_to_action",
                {
                    "title": "Join the plenary",
                    "text": "",
                    "page": meeting,
                    "button_text": "Open the plenary",
                },
            ),
            ("image", {"image": image, "alt_text": "The plenary room", "caption": ""}),
        ],
    )
    page.related_documents.add(CaseStudyDocument(document=document))
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("who", ["visitor", "outsider"])
def test_a_reader_who_may_not_see_gets_the_text_without_the_link(
    public_case_study, lima, who
):
    meeting, document = lima[1], lima[2]
    reader = None if who == "visitor" else UserFactory()

    html = client_for(reader).get("/case-studies/lima-story/").content.decode()

    assert "Read <a>the plenary</a>, <a>the minutes file</a>." in html
    assert meeting.url not in html and document.url not in html
    assert "Plenary photo" not in html and "The plenary room" not in html
    assert "Join the plenary" not in html and "Open the plenary" not in html
    assert "lima minutes file" not in html and "lima photo" not in html


def test_a_member_gets_the_links_and_images(public_case_study, lima, lima_member):
    meeting, document = lima[1], lima[2]

    html = client_for(lima_member).get("/case-studies/lima-story/").content.decode()

    assert f'Read <a href="{meeting.url}">the plenary</a>' in html
    assert f'<a href="{document.url}">the minutes file</a>' in html
    assert 'alt="Plenary photo"' in html and 'alt="The plenary room"' in html
    assert "Join the plenary" in html
    assert f'<a class="button" href="{meeting.url}">Open the plenary</a>' in html
    assert f'<a href="{document.url}">lima minutes file</a>' in html


def test_rendering_without_a_request_is_for_a_visitor(public_case_study):
    html = expand_db_html(public_case_study.challenge)

    assert "Read <a>the plenary</a>, <a>the minutes file</a>." in html
    assert "Plenary photo" not in html


def test_the_query_count_does_not_grow_with_the_links(indexes, lima):
    meeting, document = lima[1], lima[2]
    link = (
        f'<a linktype="page" id="{meeting.pk}">plenary</a> '
        f'<a linktype="document" id="{document.pk}">file</a> '
    )
    for slug, count in (("warm-up", 1), ("one", 1), ("many", 6)):
        page = CaseStudyPageFactory(
            parent=indexes["case_studies"],
            slug=slug,
            challenge=f"<p>{link * count}</p>",
        )
        page.save_revision().publish()
    visitor = Client()
    visitor.get("/case-studies/warm-up/")  # what is asked once per process

    queries = []
    for slug in ("one", "many"):
        with CaptureQueriesContext(connection) as captured:
            assert visitor.get(f"/case-studies/{slug}/").status_code == 200
        queries.append(len(captured))

    assert queries[0] == queries[1]


def test_an_older_draft_shows_its_author_nothing_they_may_not_see(
    editor, indexes, lima
):
    """A draft that names a members' meeting (saved before these checks, or
    imported): neither its edit form nor its draft view shows the meeting."""
    meeting = lima[1]
    page = CaseStudyPageFactory(parent=indexes["case_studies"], slug="older")
    page.challenge = f'<p>See <a linktype="page" id="{meeting.pk}">minutes</a>.</p>'
    page.body = [
        (
            "call_to_action",
            {"title": "Go", "text": "", "page": meeting, "button_text": "Open"},
        )
    ]
    page.save_revision()
    client = client_for(editor)

    for address in (
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/view_draft/",
    ):
        html = client.get(address).content.decode()
        assert "lima plenary" not in html and "lima-plenary" not in html, address


def test_the_errors_are_in_spanish_for_a_spanish_author():
    with translation.override("es"):
        assert str(NOT_SEEN["page"]) == "Elija una página que usted pueda ver."
        assert str(NOT_SEEN["document"]) == "Elija un documento que usted pueda ver."
        assert str(NOT_SEEN["image"]) == "Elija una imagen que usted pueda ver."


# --- What these checks rely on, fenced against a Wagtail upgrade -------------------


def test_every_page_type_checks_its_references():
    for model in get_page_models():
        if model is not Page:
            assert issubclass(model.base_form_class, ReferenceCheckedPageForm), model


def _blocks_within(block):
    yield block
    children = list(getattr(block, "child_blocks", {}).values())
    if hasattr(block, "child_block"):
        children.append(block.child_block)
    for child in children:
        yield from _blocks_within(child)


def test_every_chooser_block_of_every_page_type_is_checked():
    for model in get_page_models():
        for field in model._meta.get_fields():
            if not isinstance(field, StreamField):
                continue
            for block in _blocks_within(field.stream_block):
                if isinstance(block, ChooserBlock):
                    assert isinstance(block, AuthorCheckedChooserMixin), (model, block)


def test_migrations_name_wagtails_own_chooser_blocks():
    # intranet.blocks.DECONSTRUCT_ALIASES, read by Wagtail's Block.deconstruct.
    assert PageChooserBlock().deconstruct()[0] == "wagtail.blocks.PageChooserBlock"
    assert DocumentChooserBlock().deconstruct()[0] == (
        "wagtail.documents.blocks.DocumentChooserBlock"
    )
    assert ImageChooserBlock().deconstruct()[0] == (
        "wagtail.images.blocks.ImageChooserBlock"
    )


def test_the_wagtail_pieces_relied_on_are_there():
    # The page types a PageChooserPanel accepts, read from its widget.
    chooser = AdminPageChooser(target_models=["communities.CommunityPage"])
    assert chooser.target_models == [CommunityPage]
    # A chooser widget's title comes from get_value_data, through get_instance.
    assert callable(BaseChooser.get_instance) and callable(BaseChooser.get_value_data)
    # Ours replace Wagtail's rich-text handlers, on the site and in the editor.
    assert features.get_link_types()["page"] is ReaderPageLinkHandler
    assert features.get_link_types()["document"] is ReaderDocumentLinkHandler
    assert features.get_embed_types()["image"] is ReaderImageEmbedHandler
    rule = features.get_converter_rule("contentstate", "link")
    assert isinstance(
        rule["from_database_format"]['a[linktype="page"]'],
        AuthorPageLinkElementHandler,
    )


def library_form(collection_id):
    return nested_form_data(
        {
            "title": "Our library",
            "slug": "our-library",
            "intro": rich_text(""),
            "collection": str(collection_id),
        }
    )


def test_a_library_lists_only_a_collection_its_author_may_see(
    lima_moderator, lima, cusco
):
    members_area = lima[0].members_area()
    client = client_for(lima_moderator)
    add = f"/admin/pages/add/resources/documentlibrarypage/{members_area.pk}/"

    offered = client.get(add).content.decode()
    response = client.post(add, library_form(cusco[0].collection_id))

    assert cusco[0].collection.name not in offered
    assert lima[0].collection.name in offered
    assert response.context["form"].errors["collection"] == [
        "Choose a collection you can see."
    ]
    assert not members_area.get_children().filter(slug="our-library").exists()
    response = client.post(add, library_form(lima[0].collection_id))
    assert response.status_code == 302
    assert members_area.get_children().get(slug="our-library").title == "Our library"


def test_a_page_chooser_block_accepts_only_its_page_types(editor, indexes, lima):
    """Wagtail narrows a chooser block of several page types to any page; the
    check holds it to those types, at any depth."""
    community, meeting_seen = lima[0], MeetingPageFactory(parent=indexes["home"])
    page_types = ["communities.CommunityPage", "resources.CaseStudyIndexPage"]
    link = blocks.StructBlock([("page", PageChooserBlock(page_type=page_types))])
    field = StreamField([("links", blocks.ListBlock(link))])
    value = field.stream_block.to_python(
        [
            {
                "type": "links",
                "value": [{"page": community.pk}, {"page": meeting_seen.pk}],
            }
        ]
    )

    references = list(stream_references(None, "links", field, value))
    problems = problems_with(editor, references)

    assert [(ref.pk, str(message)) for ref, message in problems] == [
        (
            str(meeting_seen.pk),
            "Choose a page of this type: community page or case study index.",
        )
    ]


def test_a_wrong_page_type_is_named_in_spanish(editor, indexes):
    meeting_seen = MeetingPageFactory(parent=indexes["home"])
    field = StreamField(
        [
            (
                "page",
                PageChooserBlock(
                    page_type=[
                        "communities.CommunityPage",
                        "resources.CaseStudyIndexPage",
                    ]
                ),
            )
        ]
    )
    value = field.stream_block.to_python([{"type": "page", "value": meeting_seen.pk}])

    with translation.override("es"):
        problems = problems_with(
            editor, list(stream_references(None, "body", field, value))
        )
        assert [str(message) for _ref, message in problems] == [
            "Elija una página de este tipo: "
            "página de comunidad o índice de estudios de caso."
        ]


def test_an_institutions_logo_is_an_image_its_author_may_see(lima, make_user):
    clerk = make_user()
    clerk.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_institution"),
    )
    data = {
        "name": "Mining Chamber",
        "pillar": "company",
        "country": "PE",
        "logo": str(lima[3].pk),
    }

    response = client_for(clerk).post(
        "/admin/snippets/communities/institution/add/", data
    )

    assert response.context["form"].errors["logo"] == [NOT_AN_IMAGE_YOU_SEE]
    assert not Institution.objects.filter(name="Mining Chamber").exists()
    assert "lima photo" not in response.content.decode()
