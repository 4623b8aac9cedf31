"""The shape of an official document, rendered alike by `word.py` and `pdf.py`.

A builder in `documents.py` reads the database once and lays the document out as these plain
blocks; the two renderers only decide how a heading, a paragraph, a table or a chart looks.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    """A heading: level 1 is 一、 (黑体), level 2 is （一） (楷体), level 3 is 1. (仿宋)."""

    text: str
    level: int = 1


@dataclass
class Paragraph:
    """Body text, first line indented by two characters."""

    text: str


@dataclass
class Table:
    """A table with a header row; cells are text."""

    columns: list[str]
    rows: list[list[str]]


@dataclass
class Chart:
    """A PNG chart image with a caption below it."""

    png: bytes
    caption: str = ""


Block = Heading | Paragraph | Table | Chart


@dataclass
class Document:
    """An official document (公文): 版头 (organ, 文号), title, body, signature and date."""

    organ: str
    number: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    signature: str = ""
    date: str = ""
    filename: str = "document"

    def text(self) -> str:
        """All the document's words, for search and tests."""
        parts = [self.organ, self.number, self.title]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts += [*block.columns, *(cell for row in block.rows for cell in row)]
            else:
                parts.append(block.caption)
        return "\n".join([*parts, self.signature, self.date])
