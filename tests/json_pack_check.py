#!/usr/bin/env python3
# make test: every json_pack() call has as many arguments as its format
# asks for.  A mismatch compiles, and fails silently at run time (NULL).
# Usage: json_pack_check.py FILE.c...
import re, sys
# Checks that each json_pack("fmt", args...) call has as many arguments as
# its format asks for (s, o, O, b, i, I, f, n; s% and s# take two; a '*'
# or '?' after a value changes nothing in the count).
def count(fmt):
    n = 0; i = 0
    while i < len(fmt):
        c = fmt[i]
        if c in 'soObiIfF':
            n += 1
            if c == 's' and i + 1 < len(fmt) and fmt[i+1] in '%#':
                n += 1; i += 1
        elif c == 'n':
            pass
        i += 1
    return n
def args(s, start):
    depth = 0; i = start; out = []; cur = ''
    in_str = False
    while i < len(s):
        c = s[i]
        if in_str:
            cur += c
            if c == '\\': cur += s[i+1]; i += 2; continue
            if c == '"': in_str = False
        elif c == '"': in_str = True; cur += c
        elif c in '([{': depth += 1; cur += c
        elif c in ')]}':
            if depth == 0:
                out.append(cur); return out
            depth -= 1; cur += c
        elif c == ',' and depth == 0: out.append(cur); cur = ''
        else: cur += c
        i += 1
    return out
bad = 0
for path in sys.argv[1:]:
    s = open(path).read()
    for m in re.finditer(r'json_pack\(\s*((?:"[^"]*"\s*)+)', s):
        fmt = ''.join(re.findall(r'"([^"]*)"', m.group(1)))
        a = args(s, m.end())
        # first element is rest after fmt (empty), then args
        nargs = len(a) - 1 if a and a[0].strip() == '' else len(a)
        want = count(fmt)
        if nargs != want:
            line = s.count('\n', 0, m.start()) + 1
            print(f"{path}:{line}: format {fmt!r} wants {want} args, has {nargs}")
            bad += 1
sys.exit(1 if bad else 0)
