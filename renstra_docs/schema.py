"""``renstra skema``: the JSON Schema of a data file, with Indonesian descriptions."""

from __future__ import annotations

from typing import Any

from .model import Renstra


def json_schema() -> dict[str, Any]:
    """The schema of one data file (``renstra.yaml`` or a unit file).

    Any top-level key may come from either file (the unit file overrides the shared one), so
    no top-level key is required by the schema of a single file; nested requirements stay.
    """
    schema = Renstra.model_json_schema()
    schema.pop("required", None)
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
    return schema
