"""The pages run under their strict Content-Security-Policy without a single refusal.

This context does NOT bypass the CSP: every script, style and request the layout
and the search box make must be allowed by the policy.
"""

from intranet.factories import StandardPageFactory, UserFactory

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_pages_raise_no_csp_violations(site, home, spanish_home, open_context):
    StandardPageFactory(parent=home, title="About us", slug="about")
    UserFactory(username="ana")
    context = open_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    refusals = []
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Refused to" in message.text else None
        ),
    )

    for path in ("/", "/es/", "/about/", "/search/?q=mining", "/accounts/login/"):
        page.goto(site + path)
        # The search box fetches suggestions (connect-src) as someone types.
        search_box = page.locator("#site-search-q")
        search_box.press_sequentially("min")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__cspViolations") == [], path
        css_applied = page.evaluate(
            "() => getComputedStyle(document.querySelector('.skip-link')).position"
        )
        assert css_applied == "absolute", f"{path}: minka.css was not applied"
    assert refusals == []
