#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Fails when the files of one src/ folder call each other in a cycle.

Usage: folder_dag.py NM LIB.a [LIB.a ...]

Each static library is one src/ folder (src/modules also holds dax/, a
folder of its own). A file A depends on a file B of the same folder when
A's object leaves undefined a function B's object defines: who calls
whom, measured on what the compiler produced, so a call hidden behind a
macro still counts and an include that calls nothing does not. The
files of a folder must form a DAG (front door -> parts -> common); each
strongly connected component of more than one file is reported.
"""
import collections
import subprocess
import sys


def symbols(nm, lib):
    """{object: (defined functions/data, undefined symbols)} of one archive."""
    out = subprocess.run([nm, "-A", "-P", lib], check=True, capture_output=True,
                         text=True).stdout
    table = collections.defaultdict(lambda: (set(), set()))
    for line in out.splitlines():
        where, _, rest = line.partition(": ")
        fields = rest.split()
        if len(fields) < 2:
            continue
        obj = where.split("[")[-1].rstrip("]") if "[" in where else where.split(":")[-1]
        name, kind = fields[0], fields[1]
        if kind == "U":
            table[obj][1].add(name)
        elif kind in "TDBR":
            table[obj][0].add(name)
    return table


def folder_of(obj):
    """dax_memory.c.o -> its folder key; the archive flattens paths, so the
    DAX module's files are told apart by their dax/engine_slot prefix."""
    base = obj[:-len(".c.o")] if obj.endswith(".c.o") else obj
    return "dax" if base.startswith(("dax", "engine_slot")) else ""


def components(graph):
    """Tarjan's strongly connected components."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            result.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return result


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    nm, failed = argv[1], False
    for lib in argv[2:]:
        table = symbols(nm, lib)
        owner = {}
        for obj, (defined, _) in table.items():
            for name in defined:
                owner[name] = obj
        graph = {obj: set() for obj in table}
        for obj, (_, undefined) in table.items():
            for name in undefined:
                callee = owner.get(name)
                if callee and callee != obj and folder_of(callee) == folder_of(obj):
                    graph[obj].add(callee)
        for comp in components(graph):
            if len(comp) > 1:
                failed = True
                edges = [f"{a} -> {b}" for a in comp for b in sorted(graph[a]) if b in comp]
                print(f"{lib}: files call each other in a cycle: {', '.join(comp)}\n  "
                      + "\n  ".join(edges))
    if not failed:
        print(f"no cycle among the files of {len(argv) - 2} folder libraries")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
