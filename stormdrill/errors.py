"""The error every subcommand raises for a user's mistake: printed, exit code 2."""


class UserError(Exception):
    """A mistake in the user's input, reported in one line (or one line per problem).

    ``bare`` errors are already ``file:line:col: path: reason`` lines and are printed as
    they are, so editors and terminals can jump to the place.
    """

    def __init__(self, message, bare=False):
        super().__init__(message)
        self.bare = bare


def in_cli_words(exc):
    """A library error's message as the CLI user should read it: its ``cli`` wording when it
    has one (``--resume`` where the library says ``resume=True``), else the message itself."""
    return getattr(exc, "cli", None) or str(exc)


class Stopped(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that it stops as after a Ctrl-C: what is
    finished is kept, workers are ended, one line is printed (exit code 143)."""
