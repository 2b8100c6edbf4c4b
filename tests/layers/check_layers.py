#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Fails on an #include that points up or across the layers (docs/design.md §2).

Usage: check_layers.py ROOT

Reads every #include of ROOT/src/**/*.{c,h} and ROOT/include/adx/**/*.h.
A file belongs to the layer of its folder (src/<layer>/, include/adx/<layer>/;
include/adx/module/, the module interface, is part of audio, which
implements it; include/adx/test_hooks.h is the seams' own header). Each
layer may include only the layers listed in ALLOWED, and:
  - a module (src/modules) sees the module interface and the source/sink
    API, never the adapter, pipeline or observer headers (they name the
    scheduler);
  - the module interface itself names no scheduler;
  - dsp and util use the C library's headers only, nothing of an OS;
  - a quoted include that is not "adx/..." names a private header of the
    including file's own folder (no "../", no src/ or tools/ paths).
Each violation is printed as file:line: what is wrong; exit status 1.
"""
import os
import re
import sys

ALLOWED = {
    "util": {"util"},
    "platform": {"platform", "util"},
    "dsp": {"dsp", "util"},
    "mem": {"mem", "platform", "util", "test_hooks"},
    "sched": {"sched", "platform", "util", "test_hooks"},
    "audio": {"audio", "sched", "mem", "platform", "util", "test_hooks"},
    "modules": {"modules", "audio", "mem", "dsp", "platform", "util"},
    "ipc": {"ipc", "modules", "audio", "sched", "mem", "dsp", "platform", "util"},
    "test_hooks": set(),
}

# Headers a module must not include although their layer (audio) is allowed.
HIDDEN_FROM_MODULES = {
    "adx/audio/module_adapter.h", "adx/audio/pipeline.h", "adx/audio/observe.h",
    "adx/test_hooks.h",
}

# What a freestanding layer may take from the toolchain: C11's headers.
LIBC = {
    "assert.h", "complex.h", "ctype.h", "errno.h", "fenv.h", "float.h", "inttypes.h",
    "iso646.h", "limits.h", "locale.h", "math.h", "setjmp.h", "signal.h",
    "stdalign.h", "stdarg.h", "stdatomic.h", "stdbool.h", "stddef.h", "stdint.h",
    "stdio.h", "stdlib.h", "stdnoreturn.h", "string.h", "tgmath.h", "time.h",
    "uchar.h", "wchar.h", "wctype.h",
}
FREESTANDING = {"dsp", "util"}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of_header(name):
    """Layer of an "adx/..." include, or None for something else."""
    parts = name.split("/")
    if parts[0] != "adx" or len(parts) < 2:
        return None
    if len(parts) == 2:
        return "test_hooks" if parts[1] == "test_hooks.h" else "?"
    return "audio" if parts[1] == "module" else parts[1]


def layer_of_file(rel):
    parts = rel.split(os.sep)
    if parts[0] == "src":
        return parts[1]
    if parts[:2] == ["include", "adx"]:
        return layer_of_header("/".join(parts[1:]))
    return None


def check_file(root, rel):
    layer = layer_of_file(rel)
    problems = []
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            kind, name = m.groups()
            where = f"{rel}:{number}"
            if kind == "<":
                if layer in FREESTANDING and name not in LIBC:
                    problems.append(f"{where}: {layer} may use only the C library, "
                                    f"not <{name}>")
                continue
            target = layer_of_header(name)
            if target is None:
                if "/" in name or name.startswith("."):
                    problems.append(f"{where}: \"{name}\" reaches outside the folder "
                                    f"(private headers are included by bare name)")
                elif not os.path.exists(os.path.join(root, os.path.dirname(rel), name)) \
                        and not (layer == "platform" and name == "port_types.h"):
                    problems.append(f"{where}: \"{name}\" is not a header of this folder")
                continue
            if target not in ALLOWED.get(layer, set()):
                problems.append(f"{where}: {layer} -> {target} ({name}): "
                                f"the layering allows {layer} -> "
                                f"{', '.join(sorted(ALLOWED.get(layer, ()))) or 'nothing'}")
            elif layer == "modules" and name in HIDDEN_FROM_MODULES:
                problems.append(f"{where}: a module includes {name}; modules see "
                                f"only adx/module/interface.h and the layers below")
            elif rel.startswith(os.path.join("include", "adx", "module")) and \
                    target == "sched":
                problems.append(f"{where}: the module interface names the scheduler")
    return problems


def sources(root):
    for top, suffixes in (("src", (".c", ".h")), (os.path.join("include", "adx"), (".h",))):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if name.endswith(suffixes):
                    yield os.path.relpath(os.path.join(folder, name), root)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = argv[1]
    checked, problems = 0, []
    for rel in sources(root):
        checked += 1
        problems += check_file(root, rel)
    for p in problems:
        print(p)
    if checked == 0:
        print(f"{root}: no source found", file=sys.stderr)
        return 2
    print(f"{checked} files checked, {len(problems)} forbidden include(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
