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
