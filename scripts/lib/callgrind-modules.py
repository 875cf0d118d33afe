"""Sums a `callgrind_annotate --inclusive=no` listing by module and prints instructions per request.

Usage: callgrind-modules.py LABEL REQUESTS ANNOTATE_OUTPUT

A function's module is its Swift module when its symbol is a mangled Swift name whose first entity
is in a named module (`$s8NIOPosix...` -> NIOPosix); Swift's standard library and runtime, C and
other code are named after the shared object they come from (`libswiftCore.so`, `libc.so.6`), and
the server's own binary's other code counts as Swift standard library code specialised into it
(`$sS...`) or as C and other code.
"""

import collections
import os
import re
import sys

label, requests, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
line_pattern = re.compile(r"^\s*([\d,]+)\s+\([\s\d.]+%\)\s+(.*?)(?:\s+\[(.+)\])?\s*$")
swift_module = re.compile(r"\$s(\d+)([A-Za-z_][A-Za-z0-9_]*)")

total = None
by_module = collections.Counter()
for line in open(path):
    match = line_pattern.match(line)
    if not match:
        continue
    count = int(match.group(1).replace(",", ""))
    where, obj = match.group(2), match.group(3) or "?"
    if where.endswith("PROGRAM TOTALS"):
        total = count
        continue
    function = where.split(":", 1)[1] if ":" in where else where
    mangled = swift_module.match(function) if function.startswith("$s") else None
    name = os.path.basename(obj)
    if mangled and int(mangled.group(1)) <= len(mangled.group(2)):
        module = mangled.group(2)[: int(mangled.group(1))]
    elif ".so" in name or obj == "?":
        module = name
    elif function.startswith("$s"):
        module = f"{name}: standard library code specialised into it"
    else:
        module = f"{name}: C and other code"
    by_module[module] += count

if total is None:
    sys.exit(f"{path}: no PROGRAM TOTALS line")
shown = sum(by_module.values())
print(f"  {label}: {total / requests:,.0f} instructions per request")
for module, count in by_module.most_common(12):
    print(f"    {count / requests:>10,.0f}  {100 * count / total:5.1f}%  {module}")
rest = total - sum(count for _, count in by_module.most_common(12))
print(f"    {rest / requests:>10,.0f}  {100 * rest / total:5.1f}%  everything else")
