"""What the journeys share: the world they start from, people signing in, and
screenshots of each step at desktop and phone widths.

The world (communities, memberships, people, index pages) is built with the ORM;
everything the journeys test is done in the browser, as a person would.
"""

import re
import shutil
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.users.models import UserProfile

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MeetingPageFactory,
    MembershipFactory,
)
from communities.models import Membership
from intranet.factories import UserFactory
from intranet.roles import EDITORS, MODERATORS
from intranet.translation import translate_page
from resources.factories import DocumentLibraryPageFactory
from resources.services import ensure_knowledge_indexes

OTHER = {"en": "es", "es": "en"}
PASSWORD = "minka-journey-password"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "journeys"
PHONE = {"width": 375, "height": 740}

# What people see, in the language they use the site and the admin in.
WORDS = {
    "en": {
        "prefix": "",
        "add_document": "Add a document",
        "document_updated": "Document updated.",
        "members": "Members of the community",
        "members_area": "Members area: meetings and minutes",
        "applications": "Applications and nominations",
        "approve": "Approve",
        "record_decision": "Record the decision",
        "now_a_member": "is now a member",
        "institutions_present": "Institutions present",
        "minutes": "Minutes",
        "not_translated": "These minutes have not been translated yet",
        "submit_for_review": "Submit for review",
        "save_draft": "Save draft",
        "translate_page": "Translate this page",
        "submit": "Submit",
        "actions": "Actions",
        "translate": "Translate",
        "save": "Save",
        "edit": "Edit",
        "language_names": {"en": "English", "es": "Spanish"},
        "awaiting_review": "Awaiting your review",
        "apply_for_institution": "Apply on behalf of your institution",
        "letter": "We ask to join the working group on behalf of our institute.",
        "send_application": "Send the application",
        "application_sent": "Thank you: the coordination group will review",
        "area": "Members area",
    },
    "es": {
        "prefix": "/es",
        "add_document": "Añadir un documento",
        "document_updated": "Documento actualizado.",
        "members": "Miembros de la comunidad",
        "members_area": "Área de miembros: reuniones y actas",
        "applications": "Solicitudes y propuestas",
        "approve": "Aprobar",
        "record_decision": "Registrar la decisión",
        "now_a_member": "ya es miembro",
        "institutions_present": "Instituciones presentes",
        "minutes": "Actas",
        "not_translated": "Esta acta aún no se ha traducido",
        "submit_for_review": "Enviar a revisión",
        "save_draft": "Guardar borrador",
        "translate_page": "Traducir esta página",
        "submit": "Enviar",
        "actions": "Acciones",
        "translate": "Traducir",
        "save": "Guardar",
        "edit": "Editar",
        "language_names": {"en": "inglés", "es": "español"},
        "awaiting_review": "Esperando tu revisión",
        "apply_for_institution": "Solicitar en nombre de su institución",
        "letter": "Solicitamos unirnos al grupo de trabajo en nombre del instituto.",
        "send_application": "Enviar la solicitud",
        "application_sent": "Gracias: el grupo de coordinación revisará",
        "area": "Área de miembros",
    },
}


class Journey:
    """Numbered screenshots of one journey in one language, at both widths."""

    def __init__(self, name, language):
        self.language = language
        self.words = WORDS[language]
        self.folder = SCREENSHOTS / f"{name}-{language}"
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.step = 0

    def shot(self, page, step):
        """Screenshot `page` at 1280 px, then at 375 px, and back."""
        self.step += 1
        page.wait_for_load_state()
        stem = self.folder / f"{self.step:02d}-{step}"
        size = page.viewport_size
        # Animations (the admin's messages slide in) shown as they end.
        options = {"full_page": True, "animations": "disabled"}
        page.screenshot(path=f"{stem}-1280.png", **options)
        page.set_viewport_size(PHONE)
        page.screenshot(path=f"{stem}-375.png", **options)
        page.set_viewport_size(size)


def person(username, language, first_name="", last_name=""):
    """Someone who signs in with `PASSWORD` and reads the admin in `language`."""
    user = UserFactory(
        username=username,
        first_name=first_name,
        last_name=last_name,
        password=PASSWORD,
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def sign_in(context, site, user, language):
    """Sign `user` in on the public login page in `language`; a new tab."""
    page = context.new_page()
    prefix = WORDS[language]["prefix"]
    page.goto(f"{site}{prefix}/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(rf"^{re.escape(site)}{prefix}/$"))
    return page


def sign_in_to_admin(context, site, user):
    """Sign `user` in on the admin's login page; a new tab on the dashboard."""
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{site}/admin/")
    # The admin speaks the person's preferred language.
    language = UserProfile.get_for_user(user).preferred_language
    assert page.locator("html").get_attribute("lang") == language
    return page


class World:
    """Two communities in both languages, each with a members library, and
    their people; the knowledge-base indexes in both languages."""

    def __init__(self, home, language):
        self.language = language
        translate_page(home, "es", {"Minka": "Minka"})
        index = CommunityIndexPageFactory(parent=home)
        translate_page(index, "es", {"Communities": "Comunidades"})
        self.community = CommunityPageFactory(
            parent=index,
            title="Lima working group",
            slug="lima",
            confidentiality_rule="chatham_house",
        )
        self.other_community = CommunityPageFactory(
            parent=index, title="Cusco working group", slug="cusco"
        )
        self.spanish_community = translate_page(
            self.community,
            "es",
            {
                "Lima working group": "Grupo de trabajo de Lima",
                "A trusted space for dialogue.": "Un espacio de diálogo y confianza.",
            },
        )
        self.members_area = self.community.members_area()
        self.spanish_members_area = translate_page(
            self.members_area, "es", {"Members area": "Área de miembros"}
        )
        self.library = DocumentLibraryPageFactory(
            parent=self.members_area,
            title="Document library",
            slug="library",
            collection=self.community.collection,
        )
        translate_page(
            self.library,
            "es",
            {"Document library": "Biblioteca de documentos", "library": "biblioteca"},
        )
        self.moderator = self.join(
            "lima-coordinator", Membership.Role.COORDINATION, "Defensoría del Pueblo"
        )
        self.member = self.join(
            "lima-member", Membership.Role.PLENARY, "Red Muqui", "civil_society"
        )
        self.other_member = self.join(
            "cusco-member",
            Membership.Role.PLENARY,
            "Antapaccay",
            "company",
            community=self.other_community,
        )

    def meeting(self, language):
        """A plenary held two days ago, announced in `language` and translated
        to the other language: nothing recorded yet."""
        other = OTHER[language]
        title = {"en": "Quarterly plenary", "es": "Plenaria trimestral"}
        agenda = {
            "en": "Private security companies\nUse of force",
            "es": "Empresas de seguridad privada\nUso de la fuerza",
        }
        area = self.spanish_members_area if language == "es" else self.members_area
        meeting = MeetingPageFactory(
            parent=area,
            title=title[language],
            slug="quarterly-plenary",
            starts_at=timezone.now().replace(microsecond=0) - timedelta(days=2),
            venue="Lima",
            agenda=agenda[language],
            minutes="",
        )
        translation = translate_page(
            meeting,
            other,
            {title[language]: title[other], agenda[language]: agenda[other]},
        )
        return meeting, translation

    def members_area_in(self, language):
        return self.spanish_members_area if language == "es" else self.members_area

    def community_in(self, language):
        return self.spanish_community if language == "es" else self.community

    def library_title(self, language):
        return "Biblioteca de documentos" if language == "es" else "Document library"

    def join(
        self,
        username,
        role,
        institution,
        pillar="government",
        community=None,
    ):
        """A person representing a new `institution`, an active member."""
        user = person(username, self.language, username.split("-")[-1].title())
        MembershipFactory(
            community=community or self.community,
            institution=InstitutionFactory(name=institution, acronym="", pillar=pillar),
            role=role,
            representatives=[user],
        )
        return user


class Newsroom:
    """The knowledge base in both languages, an editor and a reviewer."""

    def __init__(self, language):
        self.indexes = {
            "en": ensure_knowledge_indexes("en"),
            "es": ensure_knowledge_indexes("es"),
        }
        self.editor = person("editor", language, "Lucía", "Quispe")
        self.editor.groups.add(Group.objects.get(name=EDITORS))
        self.reviewer = person("reviewer", language, "Kofi", "Mensah")
        self.reviewer.groups.add(Group.objects.get(name=MODERATORS))

    def case_studies(self, language):
        return self.indexes[language]["case_studies"]
