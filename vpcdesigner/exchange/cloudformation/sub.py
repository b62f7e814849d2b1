"""Split an ``Fn::Sub`` string into literal text and ``${Variable}`` names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Variable:
    """A ``${Name}`` (or ``${Resource.Attribute}``) inside a Sub string."""

    name: str


def parse_sub(text: str) -> list[str | Variable]:
    """Literal pieces and variables, in order; ``${!Literal}`` becomes the text ``${Literal}``.

    An unterminated ``${`` is kept as text, as CloudFormation does.

    >>> parse_sub("arn:${AWS::Partition}:s3:::${!Bucket}")
    ['arn:', Variable(name='AWS::Partition'), ':s3:::${Bucket}']
    """
    out: list[str | Variable] = []
    literal: list[str] = []
    index = 0
    while True:
        start = text.find("${", index)
        if start < 0:
            literal.append(text[index:])
            break
        end = text.find("}", start + 2)
        if end < 0:
            literal.append(text[index:])
            break
        literal.append(text[index:start])
        name = text[start + 2 : end]
        if name.startswith("!"):
            literal.append("${" + name[1:] + "}")
        else:
            if literal:
                out.append("".join(literal))
                literal = []
            out.append(Variable(name.strip()))
        index = end + 1
    if literal and "".join(literal):
        out.append("".join(literal))
    return [piece for piece in out if piece != ""]
