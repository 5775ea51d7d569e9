"""The demo loader: the one test that loads the demo content."""

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LOCAL_APPS = ("intranet", "communities", "resources", "auth", "wagtailcore", "taggit")


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in LOCAL_APPS
        and not model._meta.proxy
        and model._meta.label
        not in ("wagtailcore.Revision", "wagtailcore.PageLogEntry")
    }


def test_load_demo_twice_duplicates_nothing(client, capsys):
    call_command("load_demo")
    first = row_counts()
    output = capsys.readouterr().out
    assert "admin" in output and "outsider" in output and "minka-demo" in output

    call_command("load_demo")
    assert row_counts() == first

    assert client.get("/").status_code == 200
    assert client.get("/es/").status_code == 200

    call_command("load_demo", "--reset")
    assert row_counts() == first


def test_if_empty_leaves_a_site_with_content_alone(capsys):
    call_command("load_demo")
    capsys.readouterr()
    call_command("load_demo", "--if-empty")
    assert "not loaded" in capsys.readouterr().out
