"""Import kind `person`: the accounts a site starts with (the demo's logins).

An account is found again by its username. The import never sets a
password: a new account has none it can log in with (its owner sets one
through "Forgot your password?"; `load_demo` gives the demo's accounts the demo
password). It only adds groups, so that groups given on the site (a
community's, derived from memberships) stay.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from intranet.importing import PEOPLE, Action, Kind, register


@register
class PersonKind(Kind):
    """A user account: username, email, names, groups, superuser."""

    type = "person"
    noun = "person"
    verbose_name = _("person")
    order = PEOPLE
    keys = frozenset(
        {
            "username",
            "email",
            "first_name",
            "last_name",
            "groups",
            "superuser",
            "role",
        }
    )

    def label(self, item):
        return f"{self.noun} {item.slug}"

    def identity(self, item):
        return (self.type, item.slug)

    def read(self, item):
        User = get_user_model()
        field = User._meta.get_field(User.USERNAME_FIELD)
        item.username = item.slug = item.title = item.text(
            "username", required=True, max_length=field.max_length
        )
        try:
            for validator in field.validators:
                validator(item.slug)
        except ValidationError as error:
            raise item.problem("username", "; ".join(error.messages)) from None
        item.email = item.text("email", max_length=254)
        if item.email:
            try:
                validate_email(item.email)
            except ValidationError:
                raise item.problem("email", f"bad email '{item.email}'") from None
        item.fields = {"email": item.email} if item.email else {}
        for key in ("first_name", "last_name"):
            if key in item.data:
                item.fields[key] = item.text(key, max_length=150)
        if "superuser" in item.data:
            superuser = item.flag("superuser")
            item.fields.update(is_superuser=superuser, is_staff=superuser)
        item.groups = item.words("groups")
        # How the demo's list of logins describes the account.
        item.role = item.text("role")

    def plan(self, item, run):
        user = get_user_model().objects.filter(username=item.slug).first()
        action = Action(item, existing=user, values=dict(item.fields))
        if user is None:
            return action
        action.compare({key: getattr(user, key) for key in action.values})
        held = set(user.groups.values_list("name", flat=True))
        action.extra["groups"] = [name for name in item.groups if name not in held]
        if action.extra["groups"]:
            action.changed.append("groups")
            action.verb = "update"
        return action

    def remove(self, item):
        get_user_model().objects.filter(username=item.slug).delete()

    def write(self, action, run):
        item, user = action.item, action.existing
        if user is None:
            user = get_user_model()(username=item.slug)
            user.set_unusable_password()
        for key, value in action.values.items():
            setattr(user, key, value)
        user.save()
        for name in action.extra.get("groups", item.groups):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        action.existing = user
