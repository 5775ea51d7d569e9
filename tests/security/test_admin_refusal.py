"""In the back office, "exists but not yours" looks exactly like "does not exist".

For each kind of admin URL naming an object (pages, their history and revisions,
snippets, documents, images, collections, the admin API, choosers, bulk
actions), the answer for another community's existing object is compared with
the answer for an id that does not exist: same status, same content type, same
templates and the same body once ids and CSRF tokens are set aside. Also: the
gate fails closed on a URL it cannot resolve to a model, and Wagtail's views
meet the registered policies of `intranet.access.policies`.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import ResolverMatch
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.viewsets import viewsets
from wagtail.models import Collection, GroupPagePermission, Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from intranet.access.admin_gate import (
    ADMIN_404_TEMPLATE,
    MISSING_ID,
    AdminScopeMiddleware,
    admin_prefix,
    model_for_namespace,
)
from intranet.access.policies import (
    ScopedModelPermissionPolicy,
    VisibleCollectionPermissionPolicy,
    VisibleMediaPermissionPolicy,
    VisiblePagePermissionPolicy,
)
from intranet.factories import UserFactory
from resources.models import Document, Image
from search.models import ZeroResultQuery

from .test_admin_scope import world  # noqa: F401 (the module's shared records)

NOT_THERE = 999999
ROLES = ("lima_moderator", "editor")
# (what, address with {id}, the record of `world` it names)
ADDRESSES = [
    ("explorer", "/admin/pages/{id}/", "area"),
    ("page edit", "/admin/pages/{id}/edit/", "meeting"),
    ("page history", "/admin/pages/{id}/history/", "meeting"),
    ("page revisions", "/admin/pages/{id}/revisions/", "meeting"),
    (
        "page revision",
        "/admin/pages/{id}/revisions/{revision}/view/",
        "meeting",
    ),
    (
        "page compare",
        "/admin/pages/{id}/revisions/compare/earliest...latest/",
        "meeting",
    ),
    ("page usage", "/admin/pages/{id}/usage/", "meeting"),
    ("page chooser", "/admin/choose-page/{id}/", "area"),
    ("pages chosen", "/admin/choose-page/chosen-multiple/?id={id}", "meeting"),
    ("note edit", "/admin/snippets/communities/attributednote/edit/{id}/", "note"),
    (
        "note history",
        "/admin/snippets/communities/attributednote/history/{id}/",
        "note",
    ),
    ("note usage", "/admin/snippets/communities/attributednote/usage/{id}/", "note"),
    (
        "note chooser",
        "/admin/snippets/choose/communities/attributednote/chosen/{id}/",
        "note",
    ),
    (
        "membership edit",
        "/admin/snippets/communities/membership/edit/{id}/",
        "membership",
    ),
    (
        "membership history",
        "/admin/snippets/communities/membership/history/{id}/",
        "membership",
    ),
    (
        "membership delete",
        "/admin/snippets/communities/membership/delete/{id}/",
        "membership",
    ),
    ("document edit", "/admin/documents/edit/{id}/", "document"),
    ("document usage", "/admin/documents/usage/{id}/", "document"),
    ("document chooser", "/admin/documents/chooser/chosen/{id}/", "document"),
    ("image edit", "/admin/images/{id}/", "image"),
    ("image chooser", "/admin/images/chooser/chosen/{id}/", "image"),
    ("collection edit", "/admin/collections/{id}/", "collection"),
    ("collection privacy", "/admin/collections/{id}/privacy/", "collection"),
    ("api page", "/admin/api/main/pages/{id}/", "meeting"),
    ("api document", "/admin/api/main/documents/{id}/", "document"),
    ("api image", "/admin/api/main/images/{id}/", "image"),
    ("bulk delete", "/admin/bulk/communities/attributednote/delete/?id={id}", "note"),
    ("bulk pages", "/admin/bulk/wagtailcore/page/delete/?id={id}", "meeting"),
    (
        "bulk pages below",
        "/admin/bulk/wagtailcore/page/delete/?id=all&childOf={id}",
        "area",
    ),
    (
        "documents chosen",
        "/admin/documents/chooser/chosen-multiple/?id={id}",
        "document",
    ),
]
TOKEN = re.compile(r"[A-Za-z0-9]{64}|(?<=csrfToken\": \")[^\"]+")


def _record_id(world, record):  # noqa: F811
    if record == "collection":
        return world["cusco"].collection_id
    return world[record].pk


def _shape(response, ids):
    """What a person can tell a response by: status, type, templates, and the
    body with ids and CSRF tokens set aside."""
    body = response.content.decode(errors="replace")
    body = TOKEN.sub("TOKEN", body)
    numbers = "|".join(str(each) for each in ids)
    body = re.sub(rf"(?<!\d)(?:{numbers})(?!\d)", "ID", body)
    return {
        "status": response.status_code,
        "content type": response.get("Content-Type"),
        "location": re.sub(
            rf"(?<!\d)(?:{numbers})(?!\d)", "ID", response.get("Location", "")
        ),
        "templates": [template.name for template in response.templates],
        "body": body,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("what", "address", "record"), ADDRESSES)
def test_another_communitys_object_answers_as_a_missing_one(
    client,
    db,
    world,  # noqa: F811
    role,
    what,
    address,
    record,
):
    client.force_login(world["people"][role])
    revision = world["meeting"].latest_revision_id
    existing = _record_id(world, record)
    ids = (existing, NOT_THERE, MISSING_ID)
    hidden = client.get(address.format(id=existing, revision=revision))
    missing = client.get(address.format(id=NOT_THERE, revision=revision))
    assert _shape(hidden, ids) == _shape(missing, ids), what
    assert "Zqx" not in hidden.content.decode(errors="replace")


def test_the_refusal_is_wagtails_admin_404(client, db, world):  # noqa: F811
    client.force_login(world["people"]["lima_moderator"])
    note = world["note"].pk
    response = client.get(f"/admin/snippets/communities/attributednote/edit/{note}/")
    assert response.status_code == 404
    assert "wagtailadmin/404.html" in [t.name for t in response.templates]
    api = client.get(f"/admin/api/main/pages/{world['meeting'].pk}/")
    assert api.status_code == 404
    assert api.json() == {"message": "No Page matches the given query."}


def test_own_community_is_still_reached(client, db, world):  # noqa: F811
    moderator = world["people"]["lima_moderator"]
    client.force_login(moderator)
    area = world["lima"].members_area()
    assert client.get(f"/admin/pages/{area.pk}/").status_code == 200
    assert client.get(f"/admin/api/main/pages/{area.pk}/").status_code == 200


# The gate fails closed.


def _request_naming(user, namespace, pk):
    request = RequestFactory().get(f"/admin/somewhere/{pk}/")
    request.user = user
    reached = []

    def view(request, **kwargs):
        reached.append(kwargs)
        return HttpResponse("reached")

    request.resolver_match = ResolverMatch(
        view, (), {"pk": pk}, url_name="edit", namespaces=namespace.split(":")
    )
    answer = AdminScopeMiddleware(lambda r: None).process_view(
        request, view, (), {"pk": pk}
    )
    return answer, reached


def test_snippet_namespaces_are_read_whole_not_split_at_an_underscore(db):
    admin_prefix()  # loads the admin's URLs, which fills Wagtail's viewset registry
    assert model_for_namespace("zero_result_queries", "edit") is ZeroResultQuery
    for prefix in ("wagtailsnippets", "wagtailsnippetchoosers"):
        namespace = f"{prefix}_minka_search_zeroresultquery"
        assert model_for_namespace(namespace) is ZeroResultQuery
    assert model_for_namespace("wagtailsnippets_minka_search_nosuchmodel") is None
    assert model_for_namespace("wagtailsnippets_minka") is None


def test_an_admin_url_the_gate_cannot_resolve_is_refused(db, world):  # noqa: F811
    moderator = world["people"]["lima_moderator"]
    answer, reached = _request_naming(moderator, "someone_elses_viewset", 5)
    assert answer.content == b"reached"
    assert reached == [{"pk": MISSING_ID}]  # the view never met row 5

    admin = UserFactory(username="gate-admin", is_superuser=True)
    assert _request_naming(admin, "someone_elses_viewset", 5) == (None, [])


def test_a_scoped_model_whose_app_label_has_an_underscore_is_checked(
    db,
    world,  # noqa: F811
    monkeypatch,
):
    """Before, `minka_search` split into `minka` and `search_…`: its rows went
    unchecked. With a scoped policy that reaches none of them, a URL naming one
    is answered as for a missing row."""

    class NoRows(ScopedModelPermissionPolicy):
        def rows_in_scope(self, user):
            return ZeroResultQuery.objects.none()

    row = ZeroResultQuery.objects.create(query_text="zqx", count=1)
    moderator = world["people"]["lima_moderator"]
    namespace = "wagtailsnippets_minka_search_zeroresultquery"
    assert _request_naming(moderator, namespace, row.pk) == (None, [])

    monkeypatch.setitem(
        policy_registry.values_by_class, ZeroResultQuery, NoRows(ZeroResultQuery)
    )
    answer, reached = _request_naming(moderator, namespace, row.pk)
    assert reached == [{"pk": MISSING_ID}]


# Wagtail's views meet the registered policies.


def test_registered_policies_are_the_access_layers(db):
    assert isinstance(policy_registry.get_by_type(Page), VisiblePagePermissionPolicy)
    for model in (Document, Image):
        policy = policy_registry.get_by_type(model)
        assert isinstance(policy, VisibleMediaPermissionPolicy)
    collections = policy_registry.get_by_type(Collection)
    assert isinstance(collections, VisibleCollectionPermissionPolicy)
    # Wagtail created no fallback before ours were registered.
    for model in (Page, Document, Image, Collection):
        assert policy_registry.get_fallback_policy(model) is None
    assert not isinstance(
        policy_registry.get_by_type(ZeroResultQuery), VisibleMediaPermissionPolicy
    )
    assert isinstance(
        policy_registry.get_by_type(ZeroResultQuery), ModelPermissionPolicy
    )


def test_policies_never_reach_what_the_user_may_not_see(db, world):  # noqa: F811
    moderator = world["people"]["lima_moderator"]
    document, image = world["document"], world["image"]
    cusco_collection = world["cusco"].collection
    for item in (document, image):
        policy = policy_registry.get_by_type(type(item))
        for actions in (["choose"], ["change"], ["change", "delete", "choose"]):
            reached = policy.instances_user_has_any_permission_for(moderator, actions)
            assert item not in reached
            assert not policy.user_has_any_permission_for_instance(
                moderator, actions, item
            )
        assert not policy.user_has_permission_for_instance(moderator, "choose", item)
        collections = policy.collections_user_has_any_permission_for(
            moderator, ["add", "change", "choose"]
        )
        assert cusco_collection not in collections
        assert world["lima"].collection in collections

    pages = policy_registry.get_by_type(Page)
    explorable = set(pages.explorable_instances(moderator).values_list("pk", flat=True))
    assert world["area"].pk not in explorable
    assert world["lima"].members_area().pk in explorable
    reached = pages.instances_user_has_any_permission_for(moderator, ["change"])
    assert not reached.filter(pk=world["meeting"].pk).exists()

    collections = policy_registry.get_by_type(Collection)
    assert not collections.user_has_permission_for_instance(
        moderator, "change", cusco_collection
    )


def test_page_rights_do_not_reach_a_restricted_page(client, db, world):  # noqa: F811
    """Someone with page rights on Cusco's community page but outside its
    members: Wagtail's own policy would let them explore the members area."""
    group = Group.objects.create(name="Cusco page editors")
    GroupPagePermission.objects.create(
        group=group, page=world["cusco"], permission_type="change"
    )
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    person = UserFactory(username="cusco-page-editor")
    person.groups.add(group)
    area = world["area"].pk
    wagtails = PagePermissionPolicy().explorable_instances(person)
    assert wagtails.filter(pk=area).exists()
    ours = policy_registry.get_by_type(Page)
    assert not ours.explorable_instances(person).filter(pk=area).exists()
    changeable = ours.instances_user_has_any_permission_for(person, ["change"])
    assert not changeable.filter(pk=area).exists()

    client.force_login(person)
    listing = client.get(
        "/admin/api/main/pages/",
        {"child_of": world["cusco"].pk, "for_explorer": "1"},
    )
    assert listing.status_code == 200, listing.content
    titles = [item["title"] for item in listing.json()["items"]]
    assert "ZqxArea of Cusco" not in titles
    explorer = client.get(f"/admin/pages/{world['cusco'].pk}/")
    assert explorer.status_code == 200
    assert "ZqxArea" not in explorer.content.decode()


def test_what_the_gate_takes_from_wagtail_is_still_there(client, db, world):  # noqa: F811
    """Fails on an upgrade that changes what the gate relies on: the admin's 404
    template (Wagtail's `display_custom_404`), the viewset registry's list of
    viewsets by namespace, and a bulk action's listing of "all"."""
    client.force_login(world["people"]["lima_moderator"])
    response = client.get(f"/admin/pages/{NOT_THERE}/edit/")
    assert response.status_code == 404
    assert response.templates[0].name == ADMIN_404_TEMPLATE
    namespaces = {
        viewset.url_namespace
        for viewset in viewsets.viewsets
        if getattr(viewset, "name", None)
    }
    assert {"zero_result_queries", "wagtailsnippets_communities_membership"} <= (
        namespaces
    )
    assert callable(BulkAction.get_all_objects_in_listing_query)
