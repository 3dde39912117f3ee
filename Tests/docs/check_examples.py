#!/usr/bin/env python3
"""Runs the examples the manual shows and checks that each still prints what is pasted.

An example is a fenced block right after a line `<!-- example -->` in README.md or docs/*.md:

    <!-- example -->
    ```
    $ thidua standings --campaign DVK-2024 --bloc KHOI-XP --db demo-output/thidua.sqlite
    …the output, as pasted…
    ```

Each line starting with `$ ` is a command, run with bash in a scratch folder that holds the
project's Criteria/, Examples/ and Exports/ and a fresh copy of the demo's output in
demo-output/ (so that no example sees another's changes); `thidua` is the built binary. The
lines up to the next command are its expected output (stdout and stderr together); a line
`…` stands for any number of lines. Trailing spaces are ignored.

  check_examples.py THIDUA_BINARY [FILE.md …]   (default: README.md docs/*.md)

Prints each example that differs, with a diff, and exits 1 if any does.
"""
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def examples(path):
    """(line number, [(command, [expected lines])]) for each marked block of a Markdown file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    found = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == "<!-- example -->":
            start = i + 1
            if start >= len(lines) or not lines[start].startswith("```"):
                raise SystemExit(f"{path}:{i + 1}: <!-- example --> must be followed by a fenced block")
            end = start + 1
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            steps = []
            for line in lines[start + 1:end]:
                if line.startswith("$ "):
                    steps.append((line[2:], []))
                elif steps:
                    steps[-1][1].append(line)
                elif line.strip():
                    raise SystemExit(f"{path}:{start + 2}: an example starts with a command ('$ …')")
            found.append((start + 1, steps))
            i = end
        i += 1
    return found


def matches(expected, actual):
    """Whether `actual` lines fit `expected`, where a line '…' stands for any lines."""
    expected = [e.rstrip() for e in expected]
    actual = [a.rstrip() for a in actual]
    segments = [[]]
    for e in expected:
        if e.strip() == "…":
            segments.append([])
        else:
            segments[-1].append(e)
    if len(segments) == 1:
        return expected == actual
    first, last = segments[0], segments[-1]
    if actual[:len(first)] != first or (last and actual[len(actual) - len(last):] != last):
        return False
    position, end = len(first), len(actual) - len(last)
    for segment in segments[1:-1]:
        at = next((k for k in range(position, end - len(segment) + 1) if actual[k:k + len(segment)] == segment), None)
        if at is None:
            return False
        position = at + len(segment)
    return position <= end


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    files = sys.argv[2:] or [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
    work = tempfile.mkdtemp(prefix="thidua-examples-")
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir)
    with open(os.path.join(bindir, "thidua"), "w") as f:
        f.write(f'#!/bin/sh\nexec "{binary}" "$@"\n')
    os.chmod(os.path.join(bindir, "thidua"), 0o755)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"])
    pristine = os.path.join(work, "pristine")
    subprocess.run([binary, "demo", "--out", os.path.join(pristine, "demo-output")], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    failed = 0
    count = 0
    for path in files:
        for line, steps in examples(path):
            count += 1
            scratch = os.path.join(work, f"example-{count}")
            shutil.copytree(pristine, scratch)
            for name in ("Criteria", "Examples", "Exports"):
                os.symlink(os.path.join(ROOT, name), os.path.join(scratch, name))
            for command, expected in steps:
                run = subprocess.run(["bash", "-c", command], cwd=scratch, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
                actual = run.stdout.rstrip("\n").split("\n") if run.stdout else []
                while expected and not expected[-1].strip():
                    expected = expected[:-1]
                if not matches(expected, actual):
                    failed += 1
                    where = os.path.relpath(path, ROOT)
                    print(f"{where}:{line}: $ {command}")
                    sys.stdout.writelines(difflib.unified_diff([e + "\n" for e in expected], [a + "\n" for a in actual],
                                                               "as pasted", "as printed now"))
            shutil.rmtree(scratch)
    shutil.rmtree(work)
    print(f"{count} examples checked, {failed} commands differ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
