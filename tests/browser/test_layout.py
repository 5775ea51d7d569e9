"""The layout without JavaScript and on a narrow phone screen."""

import re

from intranet.factories import StandardPageFactory
from tests.browser.conftest import publish

PHONE = {"width": 375, "height": 740}


def test_search_works_without_javascript(site, home, open_context):
    publish(StandardPageFactory(parent=home, title="Artisanal mining dialogue"))
    page = open_context(java_script_enabled=False).new_page()
    page.goto(site + "/")
    page.locator("#site-search-q").fill("artisanal")
    page.locator("#site-search-q").press("Enter")

    page.wait_for_url(re.compile(r"/search/\?q=artisanal"))
    main = page.locator("main")
    assert main.get_by_role("heading", level=1).is_visible()
    assert "artisanal" in main.get_by_role("status").inner_text()

    assert main.get_by_role("link", name="Artisanal mining dialogue").is_visible()


def test_nothing_scrolls_sideways_at_375_pixels(site, home, spanish_home, open_context):
    StandardPageFactory(parent=home, title="About us", slug="about", show_in_menus=True)
    StandardPageFactory(
        parent=home, title="Good practices", slug="practices", show_in_menus=True
    )
    page = open_context(viewport=PHONE, is_mobile=True).new_page()
    for path in ("/", "/es/", "/about/", "/search/?q=mining", "/accounts/login/"):
        page.goto(site + path)
        widths = page.evaluate(
            """() => ({scroll: document.documentElement.scrollWidth,
                       client: document.documentElement.clientWidth})"""
        )
        assert widths["scroll"] <= widths["client"], (path, widths)


def test_tables_read_as_cards_at_375_pixels_in_both_languages(site, home, open_context):
    """The library, the directory and the work plan, as a member on a phone."""
    import datetime

    from communities.factories import (
        CommunityIndexPageFactory,
        CommunityPageFactory,
        InstitutionFactory,
        MembershipFactory,
        WorkPlanPageFactory,
        add_activity,
    )
    from intranet.factories import UserFactory
    from resources.factories import DocumentFactory
    from resources.services import ensure_knowledge_indexes

    english = ensure_knowledge_indexes("en")
    spanish = ensure_knowledge_indexes("es")
    DocumentFactory(
        title="Feasibility study of the southern macro region, with interviews",
        collection=english["publications_collection"],
        document_type="study",
        date=datetime.date(2017, 6, 30),
        description="Seventy-two interviews in the mining regions of southern Peru.",
    )
    community = CommunityPageFactory(
        parent=CommunityIndexPageFactory(parent=home), title="Lima group", slug="lima"
    )
    institution = InstitutionFactory(
        name="Superintendencia Nacional de Control de Servicios de Seguridad",
        acronym="SUCAMEC",
    )
    member = UserFactory(username="lima-member", first_name="Rosa", last_name="Quispe")
    member.set_password("minka-demo")
    member.save()
    MembershipFactory(
        community=community, institution=institution, representatives=[member]
    )
    plan = publish(
        WorkPlanPageFactory(parent=community.members_area(), title="Work plan")
    )
    add_activity(
        plan,
        title="Workshop on security and human rights for the regional police",
        date=datetime.date(2010, 2, 10),
        status="held",
        participants_police=79,
        assigned_institutions=[institution],
    )

    page = open_context(viewport=PHONE, is_mobile=True).new_page()
    page.goto(site + "/accounts/login/")
    page.locator("#id_username").fill("lima-member")
    page.locator("#id_password").fill("minka-demo")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    paths = (
        english["publications"].url,
        spanish["publications"].url,
        f"/communities/{community.slug}/directory/",
        plan.url,
    )
    for path in paths:
        page.goto(site + path)
        assert page.locator("table").first.is_visible(), path
        widths = page.evaluate(
            """() => ({scroll: document.documentElement.scrollWidth,
                       client: document.documentElement.clientWidth,
                       table: document.querySelector('table').scrollWidth})"""
        )
        assert widths["scroll"] <= widths["client"], (path, widths)
        assert widths["table"] <= widths["client"], (path, widths)

    # The dashboard's chart keeps legible labels (it scrolls sideways in its frame).
    page.goto(site + f"/es/communities/{community.slug}/dashboard/")
    label = page.locator(".chart__label").first.bounding_box()
    widths = page.evaluate(
        """() => [document.documentElement.scrollWidth,
                  document.documentElement.clientWidth]"""
    )
    assert label["height"] >= 10, label
    assert widths[0] <= widths[1], widths
