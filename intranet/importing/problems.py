"""What the import says about a file it skips."""


class ImportProblem(Exception):
    """Why one file (or one item of a data file) is skipped, with its line."""

    def __init__(self, path, line, message):
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"
