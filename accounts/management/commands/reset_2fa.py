"""Remove a person's two-step verification, for a lost phone and lost recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.two_factor import remove_second_factor


class Command(BaseCommand):
    help = (
        "Remove the authenticator app and recovery codes of USERNAME, for a lost "
        "device. They log in with their password alone and, if their role "
        "requires two-step verification, set it up again before the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The login name of the account.")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(
                _("No account has the login name “%(username)s”.")
                % {"username": username}
            ) from None
        removed = remove_second_factor(user)
        if removed:
            message = _(
                "Two-step verification of “%(username)s” was reset: they will set "
                "it up again."
            )
        else:
            message = _("“%(username)s” had no two-step verification to reset.")
        self.stdout.write(message % {"username": username})
