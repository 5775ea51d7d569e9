"""Markdown bodies: rich text cleaned against an allow-list, split at `## `.

markdown-it-py parses the body once; its tokens carry the lines they come from
(`token.map`), so sections keep their file lines for messages, and a `##` line
inside fenced code is code, not a heading.
"""

import re

import nh3
from markdown_it import MarkdownIt

# What the rich text of an imported page may hold (the features of its fields and
# body blocks). Markdown passes raw HTML through, so everything it produces is
# cleaned against this list: other elements are dropped (a script or style with its
# content, the rest keeping their text), and so are every attribute but a link's
# href and any link that is not http(s), mailto or relative (javascript:, data:).
ALLOWED_TAGS = {
    *("p", "br", "h2", "h3", "h4", "ul", "ol", "li"),
    *("a", "strong", "b", "em", "i"),
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")
# Dropped with their content before parsing: in CommonMark a line that starts
# with one of them is raw HTML to the end of the line, Markdown included.
SCRIPT_OR_STYLE = re.compile(
    r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL
)
LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+")

_markdown = MarkdownIt("commonmark")
# markdown-it leaves a `javascript:` link as its Markdown source text; make every
# link a link and let nh3 drop the schemes rich text may not hold.
_markdown.validateLink = lambda url: True


def to_html(text):
    """Markdown to rich text, cleaned against the allow-list (see ALLOWED_TAGS)."""
    if not text or not text.strip():
        return ""
    return sanitise_html(_markdown.render(SCRIPT_OR_STYLE.sub("", text)))


def sanitise_html(html):
    """Only the elements, attributes and link schemes rich text may hold."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
    )
    return EMPTY_PARAGRAPH.sub("", clean).strip()


def _headings(text, tag):
    """(heading text, first line, last line) of the top-level `tag` headings."""
    tokens = _markdown.parse(text)
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == tag and token.level == 0:
            found.append((tokens[index + 1].content.strip(), *token.map))
    return found


def split_sections(text, first_line=1):
    """Split a Markdown body at its level-two headings.

    Returns (lead, sections): the text before the first heading, and a list of
    (heading, file line of the heading, section text) where `first_line` is the
    file line of the body's first line.
    """
    lines = text.splitlines()
    headings = _headings(text, "h2")
    if not headings:
        return text.strip(), []
    lead = "\n".join(lines[: headings[0][1]]).strip()
    sections = []
    for number, (heading, start, end) in enumerate(headings):
        stop = headings[number + 1][1] if number + 1 < len(headings) else len(lines)
        body = "\n".join(lines[end:stop]).strip()
        sections.append((heading, first_line + start, body))
    return lead, sections


def plain_title(text):
    """A heading or list item as a plain title: no emphasis marks, no colon."""
    return re.sub(r"[*_`]+", "", text).strip().rstrip(":").strip()


def list_steps(text):
    """Ordered steps from Markdown: each `### ` heading, or else each top-level
    list item, is one step; its first line is the title and what follows its
    text. Returns [(title, Markdown text)], empty when there is neither."""
    lines = text.splitlines()
    headings = _headings(text, "h3")
    if headings:
        steps = []
        for number, (heading, _start, end) in enumerate(headings):
            stop = headings[number + 1][1] if number + 1 < len(headings) else len(lines)
            steps.append((heading, "\n".join(lines[end:stop]).strip()))
        return steps
    steps = []
    for token in _markdown.parse(text):
        if token.type == "list_item_open" and token.level == 1:
            start, end = token.map
            title = LIST_MARKER.sub("", lines[start]).strip()
            rest = [
                line[4:] if line.startswith("    ") else line.strip()
                for line in lines[start + 1 : end]
            ]
            steps.append((title, "\n".join(rest).strip()))
    return steps


def body_blocks(text):
    """A Markdown body as StreamField blocks: a `heading` block for each `## `
    heading and a `paragraph` block for each other top-level block (a
    paragraph, a list)."""
    lines = text.splitlines()
    blocks = []
    tokens = _markdown.parse(text)
    for index, token in enumerate(tokens):
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        start, end = token.map
        if token.type == "heading_open" and token.tag == "h2":
            heading = tokens[index + 1].content.strip()
            blocks.append(
                {"type": "heading", "value": {"text": heading, "level": "h2"}}
            )
            continue
        html = to_html("\n".join(lines[start:end]))
        if html:
            blocks.append({"type": "paragraph", "value": html})
    return blocks
