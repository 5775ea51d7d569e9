"""The access layer: who may see what, in one package.

Three things decide, and everything else asks them:

- the audience of an object (`visibility`, `audiences`): memberships decide who
  belongs; each community's groups are derived from them; view restrictions on
  its members area, coordination area and collections name those groups; the
  functions of `visibility` answer "what may this user see" inside the query;
- the policy registry (`policies`): Wagtail permission policies built on
  `visibility` for pages, documents, images, collections and every
  community-scoped record, asked by the admin's own views;
- the enumeration guard (`enumeration`, and `admin_gate` in the back office):
  what an address gives away, the same refusal for "not yours" and "not there",
  failing closed.

`references` checks what an author names (choosers, blocks, rich-text links),
`rich_text` renders links for the reader, and `stepup` marks the site views that
need a verified second factor. The functions of `visibility` are importable
from the package itself.
"""

from .visibility import (  # noqa: F401
    LOGIN_RESTRICTIONS,
    access_cache,
    admin_visible_pages_for,
    below_a_collection_hidden_from,
    can_view_collection,
    can_view_media,
    can_view_page,
    collection_is_restricted,
    current_reader,
    edited_page_paths,
    forget_access_cache,
    group_ids_of,
    hidden_collection_ids,
    hidden_collection_paths,
    hidden_page_paths,
    passes_restriction,
    reading_as,
    sees_group_restricted_content,
    turned_away,
    unmet_restrictions,
    visible_collections_for,
    visible_media_for,
    visible_pages_for,
    with_group_membership,
    within_paths,
)
