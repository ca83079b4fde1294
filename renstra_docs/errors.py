"""The exception tree. Users see one clean line per problem; tracebacks only with --debug."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a data file, printed as ``FILE:LINE:COL: field.path: pesan``; in a
    workbook, ``lembar`` names the sheet and the problem prints as ``FILE:TC27!H14: …``."""

    file: str
    line: int
    column: int
    path: str
    message: str
    lembar: str = ""

    def __str__(self) -> str:
        if self.lembar:
            where = f"{self.file}:{self.lembar}!{cell_address(self.line, self.column)}"
        else:
            where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


def cell_address(row: int, column: int) -> str:
    """A spreadsheet cell's address: (14, 8) → ``H14``; row 0 → the column alone (``H``)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}" if row else letters


class RenstraError(Exception):
    """Base of every error the tool reports to users; ``str()`` is the Indonesian text."""

    exit_code = 1


class DataError(RenstraError):
    """Raised when data files cannot be read or do not validate; carries every problem found."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(RenstraError):
    """Raised when the command line or workspace layout is wrong (missing file, bad folder)."""

    exit_code = 2


class BuildError(RenstraError):
    """Raised when templates or the PDF engine fail, or --ketat turns warnings into failure."""

    exit_code = 1


class ServiceError(RenstraError):
    """Raised when the remote signing service cannot be reached, times out or fails."""

    exit_code = 1


class OutputError(RenstraError):
    """Raised when the finished PDF cannot be written (disk full, no permission)."""

    exit_code = 1

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"{path}: gagal menulis berkas: {reason}")
