#!/usr/bin/python3
"""Checks that wscript and examples/wscript build what CMakeLists.txt builds.

CMakeLists.txt is the reference build; the two wscripts build the module in
a waf-era ns-3 tree (ns-3.29 to ns-3.35). Both name the library's sources,
its public headers, the GoogleTest programs, the examples and the ns-3
modules they need, each in a list of its own. This check compares the lists
and fails, naming the file and the side that lacks it.

usage: check-wscript.py SOURCE_DIR
       check-wscript.py --selftest SOURCE_DIR
         (drops one entry of each list from one side at a time, in a scratch
         copy, and checks that the check above catches each, naming it)

Only the standard library: the wscripts are read with Python's parser, not
run (they need waf).
"""

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile

# what is compared: (what, CMake list, wscript file, wscript list)
LISTS = [
    ("source", "condis_sources", "wscript", "condis_sources"),
    ("header", "condis_headers", "wscript", "condis_headers"),
    ("test", "condis_tests", "wscript", "condis_tests"),
    ("example", "condis_examples", "examples/wscript", "condis_examples"),
    ("ns-3 module", "condis_ns3_modules", "wscript", "condis_ns3_modules"),
    ("ns-3 module of the examples", "condis_ns3_modules", "examples/wscript",
     "condis_ns3_modules"),
]


class Problem(Exception):
    pass


def cmake_list(text, name):
    """The items of `set(name ...)` in CMakeLists.txt, comments left out."""
    match = re.search(r"^[ \t]*set\(%s\b(.*?)\)" % re.escape(name), text, re.S | re.M)
    if not match:
        raise Problem("CMakeLists.txt has no set(%s ...)" % name)
    items = []
    for line in match.group(1).splitlines():
        line = line.split("#", 1)[0]
        items.extend(line.split())
    return items


def wscript_list(path, name):
    """The strings of the top-level list `name = [...]` of a wscript."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == name):
            if not isinstance(node.value, ast.List) or not all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str)
                    for e in node.value.elts):
                raise Problem("%s: %s is not a list of strings" % (path, name))
            return [e.value for e in node.value.elts]
    raise Problem("%s has no top-level list %s" % (path, name))


def test_name(entry):
    """A test of the wscript (test/<name>.cc) as CMakeLists.txt names it."""
    return re.sub(r"^test/|[.]cc$", "", entry)


def check(top):
    """The differences between the two builds, one line each."""
    with open(os.path.join(top, "CMakeLists.txt"), encoding="utf-8") as f:
        cmake = f.read()
    # The contrib/ branch spells the ns-3 modules once more, as ${libxxx}.
    contrib_libs = [re.sub(r"^\$\{lib(.*)\}$", r"\1", lib)
                    for lib in cmake_list(cmake, "condis_ns3_libs")]
    problems = []
    if contrib_libs != cmake_list(cmake, "condis_ns3_modules"):
        problems.append("CMakeLists.txt: condis_ns3_libs (%s) are not condis_ns3_modules (%s)" %
                        (" ".join(contrib_libs), " ".join(cmake_list(cmake, "condis_ns3_modules"))))
    counts = []
    for what, cmake_name, wscript, wscript_name in LISTS:
        ours = cmake_list(cmake, cmake_name)
        theirs = wscript_list(os.path.join(top, wscript), wscript_name)
        if what == "test":
            theirs = [test_name(t) for t in theirs]
        for item in ours:
            if item not in theirs:
                problems.append("%s lacks the %s %s (CMakeLists.txt's %s has it)" %
                                (wscript, what, item, cmake_name))
        for item in theirs:
            if item not in ours:
                problems.append("CMakeLists.txt lacks the %s %s (%s's %s has it)" %
                                (what, item, wscript, wscript_name))
        for item in set(theirs):
            if theirs.count(item) > 1:
                problems.append("%s names the %s %s twice" % (wscript, what, item))
        counts.append("%s %d" % (what + "s", len(ours)) if what in ("source", "header", "test", "example")
                      else "%s: %s" % (what.replace("ns-3 module", "ns-3 modules"), " ".join(ours)))
    return problems, counts


def drop_line(path, pattern):
    """Removes the first line of `path` that is `pattern` once stripped."""
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    for i, line in enumerate(lines):
        if line.strip() == pattern:
            del lines[i]
            with open(path, "w", encoding="utf-8") as f:
                f.writelines(lines)
            return
    raise Problem("selftest: %s has no line %s" % (path, pattern))


def selftest(top):
    """Each kind of drift, on each side, is caught and named."""
    with open(os.path.join(top, "CMakeLists.txt"), encoding="utf-8") as f:
        cmake = f.read()
    cases = []
    for what, cmake_name, wscript, wscript_name in LISTS[:4]:
        item = cmake_list(cmake, cmake_name)[1]
        entry = "test/%s.cc" % item if what == "test" else item
        cases.append(("CMakeLists.txt", item, "CMakeLists.txt lacks the %s %s" % (what, item)))
        cases.append((wscript, "'%s'," % entry, "%s lacks the %s %s" % (wscript, what, item)))
    failed = 0
    scratch = tempfile.mkdtemp(prefix="check-wscript-")
    try:
        for name in ["CMakeLists.txt", "wscript", "examples/wscript", None]:
            copy = os.path.join(scratch, "copy")
            shutil.rmtree(copy, ignore_errors=True)
            os.makedirs(os.path.join(copy, "examples"))
            for f in ["CMakeLists.txt", "wscript", "examples/wscript"]:
                shutil.copy(os.path.join(top, f), os.path.join(copy, f))
            if name is None:
                # the unchanged copy passes: the check can pass at all
                run = subprocess.run([sys.executable, __file__, copy], capture_output=True,
                                     text=True)
                ok = run.returncode == 0
                print("selftest: unchanged files: %s" % ("passes" if ok else "FAILED: " +
                                                        run.stdout + run.stderr))
                failed += not ok
                continue
            for side, line, expected in cases:
                if side != name:
                    continue
                shutil.copy(os.path.join(top, side), os.path.join(copy, side))
                drop_line(os.path.join(copy, side), line)
                run = subprocess.run([sys.executable, __file__, copy], capture_output=True,
                                     text=True)
                caught = run.returncode == 1 and expected in run.stderr
                print("selftest: %s without %s: %s" %
                      (side, line, "caught (%s)" % expected if caught else "NOT caught: " +
                       (run.stdout + run.stderr).strip()))
                failed += not caught
                shutil.copy(os.path.join(top, side), os.path.join(copy, side))
    finally:
        shutil.rmtree(scratch)
    if failed:
        print("selftest: %d case(s) FAILED" % failed)
        return 1
    print("selftest: every drift caught")
    return 0


def main(argv):
    args = argv[1:]
    if len(args) == 2 and args[0] == "--selftest":
        return selftest(args[1])
    if len(args) != 1:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        problems, counts = check(args[0])
    except (Problem, OSError, SyntaxError) as e:
        print("check-wscript: %s" % e, file=sys.stderr)
        return 1
    for p in problems:
        print("check-wscript: %s" % p, file=sys.stderr)
    if problems:
        return 1
    print("check-wscript: wscript and examples/wscript list the same as CMakeLists.txt: %s" %
          ", ".join(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
