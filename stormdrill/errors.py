"""The error every subcommand raises for a user's mistake: printed, exit code 2."""


class UserError(Exception):
    """A mistake in the user's input, reported in one line (or one line per problem)."""
