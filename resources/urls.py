"""Routes of the knowledge base inside the language prefix (/, /es/)."""

from django.urls import path

from .feeds import KnowledgeAtomFeed, KnowledgeFeed

urlpatterns = [
    path("feeds/rss/", KnowledgeFeed(), name="resources_feed_rss"),
    path("feeds/atom/", KnowledgeAtomFeed(), name="resources_feed_atom"),
]
