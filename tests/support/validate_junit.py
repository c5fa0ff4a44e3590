"""Reads a JUnit XML report the way CI systems do (junitparser) and prints what it saw.

Exit 3 when junitparser is missing (the test then says it was skipped), 1 when the
report is rejected, 0 otherwise.
"""
import sys
import xml.etree.ElementTree as ET

try:
    from junitparser import JUnitXml, Failure, Error, Skipped
except ImportError as e:  # pragma: no cover
    print(e, file=sys.stderr)
    sys.exit(3)

path = sys.argv[1]
ET.parse(path)  # well-formed XML, or an exception (exit 1)
xml = JUnitXml.fromfile(path)
cases = failures = errors = skipped = 0
for suite in xml:
    seen = set()
    for case in suite:
        cases += 1
        if case.name in seen:
            print(f"duplicate test case {case.name!r} in {suite.name}", file=sys.stderr)
            sys.exit(1)
        seen.add(case.name)
        for r in case.result:
            if isinstance(r, Failure):
                failures += 1
                if not r.message or not r.text:
                    print(f"failure without message or text: {case.name}", file=sys.stderr)
                    sys.exit(1)
            elif isinstance(r, Error):
                errors += 1
            elif isinstance(r, Skipped):
                skipped += 1
    if suite.tests != len(list(suite)):
        print(f"suite {suite.name}: tests={suite.tests} but {len(list(suite))} cases", file=sys.stderr)
        sys.exit(1)
print(f"{cases} cases, {failures} failures, {errors} errors, {skipped} skipped")
