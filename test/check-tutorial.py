#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Runs every command of doc/tutorial.rst and checks what it says the student sees.

    check-tutorial.py TUTORIAL BUILD_DIR SOURCE_DIR

The tutorial marks its steps for this script (see the comment at its top):
``.. tutorial-step: NAME`` opens a step; in its ``code-block:: console``
blocks every line starting with ``$`` is a command (a line ending in a
backslash goes on to the next); a ``code-block:: python`` block is one
program; each ``.. tutorial-expect: TEXT`` must appear in the output of its
step's commands. A command that exits non-zero, or an expected text that is
missing, fails the check with the step's name.

The commands are written as run from build/<type> of a checkout (programs
in ./examples, scenarios in ../../examples/scenarios). They run in a scratch
directory laid out the same way, so that the check does not depend on where
the build directory is and leaves nothing in it (CONDIS_TUTORIAL_KEEP=1
keeps that directory when a step fails).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

# A tutorial step is short by design; a step that takes longer has a command
# the student would not want to wait for either.
STEP_TIMEOUT_S = 60

STEP = re.compile(r"^\.\. tutorial-step: (\S+)\s*$")
EXPECT = re.compile(r"^\.\. tutorial-expect: (.+?)\s*$")
BLOCK = re.compile(r"^\.\. code-block:: (\w+)\s*$")


def parse(lines):
    """Returns the steps: dicts with name, line, commands [(kind, text)] and expects."""
    steps = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = STEP.match(line)
        if m:
            steps.append({"name": m.group(1), "line": i + 1, "commands": [], "expects": []})
            i += 1
            continue
        m = EXPECT.match(line)
        if m:
            if not steps:
                sys.exit("line %d: tutorial-expect before any tutorial-step" % (i + 1))
            steps[-1]["expects"].append(m.group(1))
            i += 1
            continue
        m = BLOCK.match(line)
        if m and steps:
            kind = m.group(1)
            i += 1
            block = []
            # the block: its blank lines and the indented lines that follow
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("   ")):
                block.append(lines[i][3:])
                i += 1
            while block and not block[-1].strip():
                block.pop()
            if kind == "console":
                pending = None
                for b in block:
                    if pending is not None:
                        pending += "\n" + b
                    elif b.startswith("$ "):
                        pending = b[2:]
                    else:
                        continue
                    if not pending.endswith("\\"):
                        steps[-1]["commands"].append(("shell", pending))
                        pending = None
            elif kind == "python":
                steps[-1]["commands"].append(("python", "\n".join(block).strip() + "\n"))
            continue
        i += 1
    return steps


def scratch(build, source):
    """A directory W with W/examples and W/python from the build and
    W/../../examples from the source, as build/<type> of a checkout has."""
    top = tempfile.mkdtemp(prefix="condis-tutorial-")
    work = os.path.join(top, "build", "debug")
    os.makedirs(work)
    os.symlink(os.path.join(source, "examples"), os.path.join(top, "examples"))
    for d in ("examples", "python"):
        os.symlink(os.path.join(build, d), os.path.join(work, d))
    return top, work


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    tutorial, build, source = (os.path.abspath(a) for a in sys.argv[1:])
    with open(tutorial) as f:
        steps = parse(f.read().splitlines())
    # A parser that finds nothing would pass anything: the tutorial has
    # steps, each with a command and something the student should see.
    if not steps:
        sys.exit("%s: no tutorial-step found" % tutorial)
    failures = []
    for s in steps:
        if not s["commands"] or not s["expects"]:
            failures.append("step %s: (line %d) needs a command and a tutorial-expect"
                            % (s["name"], s["line"]))
    top, work = scratch(build, source)
    env = dict(os.environ, PYTHONPATH=os.path.join(work, "python"))
    for s in steps:
        output = ""
        for kind, text in s["commands"]:
            argv = ["bash", "-e", "-o", "pipefail", "-c", text] if kind == "shell" \
                else [sys.executable, "-c", text]
            try:
                r = subprocess.run(argv, cwd=work, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, timeout=STEP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                failures.append("step %s: `%s` took more than %d s"
                                % (s["name"], text.strip(), STEP_TIMEOUT_S))
                break
            output += r.stdout
            if r.returncode != 0:
                failures.append("step %s: `%s` exited with status %d:\n%s"
                                % (s["name"], text.strip(), r.returncode, r.stdout[-2000:]))
                break
        else:
            missing = [e for e in s["expects"] if e not in output]
            for e in missing:
                failures.append("step %s: the output lacks \"%s\"" % (s["name"], e))
            if missing:
                failures.append("step %s: its output was:\n%s" % (s["name"], output[-3000:]))
        print("step %-22s %s" % (s["name"], "ok" if not any(
            f.startswith("step %s:" % s["name"]) for f in failures) else "FAILED"))
    if failures:
        print("\n".join(failures), file=sys.stderr)
    else:
        print("%d steps, %d commands: all ok"
              % (len(steps), sum(len(s["commands"]) for s in steps)))
    # the files the steps wrote, for a look at what went wrong
    if failures and os.environ.get("CONDIS_TUTORIAL_KEEP"):
        print("scratch directory kept: %s" % top, file=sys.stderr)
    else:
        shutil.rmtree(top)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
