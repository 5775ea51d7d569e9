"""Running axe-core (node_modules/axe-core, installed by scripts/ensure_browser.sh)."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

RUN = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return {
        passes: results.passes.length,
        violations: results.violations.map(v => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary),
        })),
    };
}"""


def violations(page):
    """axe-core's WCAG 2.1 A/AA and best-practice violations on the page as shown."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(RUN, RULE_TAGS)
    assert results["passes"] > 0, "axe-core checked nothing"
    return results["violations"]


def describe(found):
    """Readable axe findings for an assertion message."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node}" for node in violation["nodes"][:5])
    return "\n".join(lines)
