#!/usr/bin/env python3
"""Sums a GNU ld map's input sections per adx layer (the libadx_<layer>.a
archive each came from) into .text/.rodata/.data/.bss columns; the DAX
static region (.bss.adx_dax_region) gets its own row, the C library and
libgcc one row together.

usage: size_table.py IMAGE.map
"""
import re
import sys

KINDS = ("text", "rodata", "data", "bss")
LAYERS = ("util", "platform", "mem", "dsp", "sched", "audio", "ipc", "modules")
ENTRY = re.compile(r"^ (\.\S+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)")
NAME_ONLY = re.compile(r"^ (\.\S+)\s*$")
CONTINUED = re.compile(r"^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)")


def kind_of(section):
    for prefix, kind in ((".text", "text"), (".rodata", "rodata"), (".data", "data"),
                         (".tdata", "data"), (".bss", "bss"), (".tbss", "bss"),
                         ("COMMON", "bss"), (".vectors", "rodata"), (".ARM.exidx", "rodata")):
        if section.startswith(prefix):
            return kind
    return None


def row_of(section, origin):
    if section == ".bss.adx_dax_region":
        return "DAX static region"
    m = re.search(r"libadx_(\w+)\.a\(", origin)
    if m:
        return m.group(1)
    if "picolibc" in origin or "libgcc" in origin or "crt0" in origin:
        return "libc + libgcc"
    return "image (main, start-up)"


def input_sections(lines):
    in_map = False
    pending = None
    for line in lines:
        if line.startswith("Linker script and memory map"):
            in_map = True
            continue
        if not in_map:
            continue
        if pending:
            m = CONTINUED.match(line)
            if m:
                yield pending, int(m.group(1), 16), m.group(2)
            pending = None
            continue
        m = ENTRY.match(line)
        if m:
            yield m.group(1), int(m.group(2), 16), m.group(3)
            continue
        m = NAME_ONLY.match(line)
        if m:
            pending = m.group(1)


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    table = {}
    with open(sys.argv[1]) as f:
        for section, size, origin in input_sections(f):
            kind = kind_of(section)
            if kind and size:
                row = table.setdefault(row_of(section, origin), dict.fromkeys(KINDS, 0))
                row[kind] += size
    order = [l for l in LAYERS if l in table] + sorted(k for k in table if k not in LAYERS)
    print(f"{'layer':<24}" + "".join(f"{'.' + k:>9}" for k in KINDS))
    total = dict.fromkeys(KINDS, 0)
    for name in order:
        print(f"{name:<24}" + "".join(f"{table[name][k]:>9}" for k in KINDS))
        if name in LAYERS:
            for k in KINDS:
                total[k] += table[name][k]
    print(f"{'core (the layers)':<24}" + "".join(f"{total[k]:>9}" for k in KINDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
