"""Validate an irready JSON report against wafpass's own result model.

Usage: python validate_wafpass.py REPORT.json

Exit codes: 0 valid; 1 invalid (the pydantic error is printed); 2 bad usage or
unreadable file; 3 wafpass is not importable by this python (the caller decides whether
that is a skip or a failure).
"""

import json
import sys

try:
    from wafpass.schema import WafpassResultSchema
except ImportError as err:  # wafpass not installed for this interpreter
    print(f"wafpass is not importable: {err}", file=sys.stderr)
    sys.exit(3)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            text = f.read()
    except OSError as err:
        print(f"cannot read {sys.argv[1]}: {err}", file=sys.stderr)
        return 2
    try:
        result = WafpassResultSchema.model_validate_json(text)
    except Exception as err:  # pydantic.ValidationError, or JSON syntax
        print(f"not a valid wafpass result: {err}", file=sys.stderr)
        return 1
    # The model ignores unknown keys: check that nothing it knows was dropped or coerced,
    # so "valid" also means "read back as written".
    raw = json.loads(text)
    dumped = json.loads(result.model_dump_json())
    for key, value in dumped.items():
        if key == "findings":
            continue
        if raw.get(key) != value:
            print(f"field {key!r} reads back as {value!r}, written {raw.get(key)!r}", file=sys.stderr)
            return 1
    for i, (written, read) in enumerate(zip(raw["findings"], dumped["findings"])):
        for key, value in read.items():
            if written.get(key) != value:
                print(f"findings[{i}].{key} reads back as {value!r}, written {written.get(key)!r}", file=sys.stderr)
                return 1
    print(f"valid wafpass result: {len(result.findings)} findings, score {result.score}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
