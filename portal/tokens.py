from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for the "confirm your email" link sent at sign-up.

    Like password reset tokens (signed, expire after PASSWORD_RESET_TIMEOUT), but with their own
    salt, and they stop working once the account is active or its password changes: each link
    can be used once, and only the latest sign-up's link works. Staff deactivating the
    account (which clears ``awaiting_confirmation``) voids its link too.
    """

    key_salt = "portal.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return (
            f"{user.pk}{user.password}{user.is_active}{user.awaiting_confirmation}"
            f"{user.email}{timestamp}"
        )


email_confirmation_token = EmailConfirmationTokenGenerator()
