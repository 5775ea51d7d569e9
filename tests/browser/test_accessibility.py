"""axe-core finds no WCAG 2.1 A/AA or best-practice violations on the main pages."""

from intranet.factories import StandardPageFactory, UserFactory
from tests.browser import axe
from tests.browser.conftest import publish


def assert_accessible(page):
    found = axe.violations(page)
    assert found == [], f"{page.url}\n{axe.describe(found)}"


def test_english_home(site, home, axe_page):
    axe_page.goto(site + "/")
    assert_accessible(axe_page)


def test_spanish_home(site, spanish_home, axe_page):
    axe_page.goto(site + "/es/")
    assert axe_page.locator("html").get_attribute("lang") == "es"
    assert_accessible(axe_page)


def test_standard_page(site, home, axe_page):
    StandardPageFactory(parent=home, title="About us", slug="about")
    axe_page.goto(site + "/about/")
    assert_accessible(axe_page)


def test_search_page_with_and_without_results(site, home, axe_page):
    for number in range(3):
        title = f"Artisanal mining dialogue {number}"
        publish(StandardPageFactory(parent=home, title=title))
    axe_page.goto(site + "/search/?q=artisanal")
    assert_accessible(axe_page)

    axe_page.goto(site + "/search/?q=nothing-matches-this")
    assert_accessible(axe_page)


def test_login_page_also_with_an_error_message(site, home, axe_page):
    user = UserFactory()
    axe_page.goto(site + "/accounts/login/")
    assert_accessible(axe_page)

    axe_page.get_by_label("Username").fill(user.username)
    axe_page.get_by_label("Password").fill("not the password")
    axe_page.get_by_role("main").get_by_role("button", name="Log in").click()
    assert axe_page.locator(".form-errors").is_visible()
    assert_accessible(axe_page)


def test_signed_in_home_and_not_found_page(site, home, axe_page):
    user = UserFactory()
    axe_page.goto(site + "/accounts/login/")
    axe_page.get_by_label("Username").fill(user.username)
    axe_page.get_by_label("Password").fill("a-long-test-password")
    axe_page.get_by_role("main").get_by_role("button", name="Log in").click()
    axe_page.wait_for_url(site + "/")
    assert axe_page.get_by_role("button", name="Log out").is_visible()
    assert_accessible(axe_page)

    response = axe_page.goto(site + "/no-such-page/")
    assert response.status == 404
    assert_accessible(axe_page)


def test_home_on_a_phone(site, home, open_context):
    StandardPageFactory(parent=home, title="About us", show_in_menus=True)
    page = open_context(
        bypass_csp=True, viewport={"width": 375, "height": 740}, is_mobile=True
    ).new_page()
    page.goto(site + "/")
    assert_accessible(page)
