"""``renstra skema``: the JSON Schema of a data file, with Indonesian descriptions."""

from __future__ import annotations

from typing import Any

from .model import Renstra


def _merged_key_by_key(schema: dict[str, Any]) -> set[str]:
    """Names of the definitions reached from the root through mapping keys only.

    The two files are merged mapping by mapping, so each of these may be written partly in one
    file and partly in the other; list items are replaced whole and keep their requirements.
    """
    found: set[str] = set()
    todo = [schema]
    while todo:
        node = todo.pop()
        for prop in node.get("properties", {}).values():
            for ref in [prop, *prop.get("anyOf", [])]:
                name = str(ref.get("$ref", "")).rpartition("/")[2]
                if name and name not in found:
                    found.add(name)
                    todo.append(schema["$defs"][name])
    return found


def json_schema() -> dict[str, Any]:
    """The schema of one data file (``renstra.yaml`` or a unit file).

    Any key of a mapping may come from either file (the unit file overrides the shared one
    key by key, e.g. only ``periode.akhir``), so no mapping key is required by the schema of a
    single file; ``renstra periksa`` checks requirements on the merged data. Items of lists,
    which are replaced whole, keep their required keys.
    """
    schema = Renstra.model_json_schema()
    schema.pop("required", None)
    for name in _merged_key_by_key(schema):
        schema["$defs"][name].pop("required", None)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Data Renstra (renstra-docs)"
    schema["description"] = (
        "Format berkas data Renstra: renstra.yaml (data bersama ruang kerja) atau berkas unit"
        " di data/. Kunci di berkas unit menimpa kunci yang sama di renstra.yaml."
    )
    paragraf = schema["$defs"]["Paragraf"]
    schema["$defs"]["Paragraf"] = {
        "description": paragraf.get("description", ""),
        "anyOf": [
            {"type": "string", "minLength": 1, "description": "Paragraf tanpa daftar."},
            {key: value for key, value in paragraf.items() if key != "description"},
        ],
    }
    bagian = schema["$defs"]["Bagian"]
    schema["$defs"]["Bagian"] = {
        "description": bagian.get("description", ""),
        "anyOf": [
            {"type": "string", "minLength": 1, "description": "Teks prosa (format-prosa.md)."},
            {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": "Paragraf-paragraf.",
            },
            {key: value for key, value in bagian.items() if key != "description"},
        ],
    }
    _drop_null_alternatives(schema)
    return schema


def _drop_null_alternatives(node: Any) -> None:
    """``anyOf: [X, null]`` → ``X``: an optional part is left out, not written as null, and
    editors then check (and complete) inside it instead of stopping at the anyOf."""
    if isinstance(node, dict):
        options = node.get("anyOf")
        optional = "default" in node and node["default"] is None
        if (
            optional
            and isinstance(options, list)
            and len(options) == 2
            and {"type": "null"} in options
        ):
            other = next(o for o in options if o != {"type": "null"})
            del node["anyOf"]
            del node["default"]
            node.update({k: v for k, v in other.items() if k not in node})
        for value in node.values():
            _drop_null_alternatives(value)
    elif isinstance(node, list):
        for value in node:
            _drop_null_alternatives(value)
