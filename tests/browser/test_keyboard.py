"""Everything reachable with the keyboard alone, with a visible focus."""

import re

from intranet.factories import StandardPageFactory, UserFactory
from intranet.translation import translate_page


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName, id: el.id, cls: el.className,
                    href: el.getAttribute("href"), name: el.getAttribute("name")};
        }"""
    )


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(site, home, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["href"] == "#main"
    assert page.locator(".skip-link").is_visible()

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    assert page.url.endswith("#main")


def test_focused_links_show_an_outline(site, home, page):
    StandardPageFactory(parent=home, title="About us", slug="about", show_in_menus=True)
    page.goto(site + "/")
    for selector in (".skip-link", ".main-menu a", ".site-footer a, .site-header a"):
        link = page.locator(selector).first
        link.focus()
        # Playwright's focus() counts as keyboard focus, so :focus-visible applies.
        style = link.evaluate(
            """el => {
                const s = getComputedStyle(el);
                return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)};
            }"""
        )
        assert style["style"] != "none" and style["width"] >= 2, (selector, style)


def test_language_switcher_leads_to_the_spanish_page(site, spanish_home, home, page):
    about = StandardPageFactory(parent=home, title="About us", slug="about")
    translate_page(about, "es", {"About us": "Quiénes somos", "about": "quienes-somos"})

    page.goto(site + "/about/")
    page.locator('.language-switcher a[hreflang="es"]').click()
    page.wait_for_url(re.compile(r"/es/quienes-somos/$"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text() == "Quiénes somos"


def test_login_with_the_keyboard_only(site, home, page):
    user = UserFactory(username="ana")
    page.goto(site + "/accounts/login/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page)["name"] == "username":
            break
    else:
        raise AssertionError("Tab never reached the username field")
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "password"
    page.keyboard.type("a-long-test-password")
    page.keyboard.press("Enter")

    page.wait_for_url(site + "/")
    assert "Signed in as ana" in page.locator(".site-header").inner_text()
