"""The form's YAML, loaded safely: no Python tags, no key given twice, nesting bounded first.

libyaml builds a document recursively: 200,000 nested ``[`` (400 KB, well under the form's size
limit) overflow the C stack and the whole process dies with a segmentation fault, taking a sweep
and every application behind it down. So the text's events are read first, as a stream (libyaml's
parser keeps its own stack on the heap), and a form nested deeper than any real form could be is
refused there, before anything is built.
"""

from __future__ import annotations

from typing import Any

import yaml

from credit_dd.errors import FormError

FORM_NAME = "application.yaml"
# A real form nests five levels (applicant → legal_representative → name); lists of mappings add
# two. Nothing an applicant could mean needs 32.
MAX_NESTING = 32

# libyaml's safe loader when PyYAML was built with it (10× faster, the same safe tag set).
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class _UniqueKeyLoader(SAFE_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader, refusing a mapping that names a key twice (YAML would keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice; give it once", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def check_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """Raises:
    FormError: the text nests lists or mappings more than ``limit`` deep (named with where), or is
        not valid YAML."""
    depth = 0
    for event in _events(text):
        if isinstance(event, _OPENS):
            depth += 1
            if depth > limit:
                mark = event.start_mark
                where = f" (at line {mark.line + 1}, column {mark.column + 1})" if mark else ""
                raise FormError(
                    f"{FORM_NAME}: lists or mappings nested more than {limit} deep{where}; a form is never nested like this"
                )
        elif isinstance(event, _CLOSES):
            depth -= 1


def _events(text: str) -> Any:
    try:
        yield from yaml.parse(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None


def _syntax_error(exc: yaml.YAMLError) -> FormError:
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return FormError(f"{FORM_NAME}: not valid YAML{where}: {problem}")


def load_form_yaml(text: str) -> Any:
    """The form's data from its YAML text, nesting checked before it is built.

    Raises:
        FormError: nested too deep, not valid YAML, a Python tag, or a key given twice.
    """
    check_nesting(text)
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None
