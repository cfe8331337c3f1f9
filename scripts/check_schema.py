"""Checks files against optim-run's JSON Schema with the real validator (jsonschema).

    python3 scripts/check_schema.py SCHEMA FILE[#DEF]...

The schema is first checked against its own dialect (draft 2020-12). Each FILE is loaded as JSON
(`.json`) or as YAML 1.2 (ruamel.yaml's safe loader; what yaml-language-server reads, so `1e-07` is
a number and `yes` a string) and validated against the whole schema, or against `$defs/DEF` when
`#DEF` is given. Prints one JSON object per file:

    {"file": ..., "valid": bool, "best": {"path": ..., "message": ...}, "errors": [{"path", "message"}]}

where `best` is jsonschema's best_match and `errors` every leaf error (inside anyOf/oneOf too).
Exit status: 0 when every file is valid, 1 when any is not, 2 when the schema itself is invalid.
"""

import json
import sys

import jsonschema
from ruamel.yaml import YAML


def leaves(error):
    """The error itself, or the innermost errors of its anyOf/oneOf alternatives."""
    if not error.context:
        yield error
    for sub in error.context:
        yield from leaves(sub)


def describe(error):
    return {"path": error.json_path, "message": error.message}


def main(schema_path, targets):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print(json.dumps({"schema_error": e.message, "path": e.json_path}))
        return 2
    loader = YAML(typ="safe", pure=True)
    all_valid = True
    for target in targets:
        path, _, definition = target.partition("#")
        with open(path, encoding="utf-8") as f:
            data = json.load(f) if path.endswith(".json") else loader.load(f)
        root = schema
        if definition:
            root = {"$schema": schema["$schema"], "$ref": "#/$defs/" + definition, "$defs": schema["$defs"]}
        validator = jsonschema.Draft202012Validator(root)
        errors = list(validator.iter_errors(data))
        best = jsonschema.exceptions.best_match(errors)
        all_valid = all_valid and not errors
        print(json.dumps({
            "file": target,
            "valid": not errors,
            "best": describe(best) if best else None,
            "errors": [describe(leaf) for e in errors for leaf in leaves(e)],
        }))
    return 0 if all_valid else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
