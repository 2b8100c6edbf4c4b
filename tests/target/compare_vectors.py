#!/usr/bin/env python3
"""Compares engine vector outputs of the PC and a target, sample by sample.

usage: compare_vectors.py PC_DIR TARGET_DIR
Prints, per configuration, whether the bytes are identical and otherwise how
many samples differ and by how much (LSB of the format, and dB below full
scale). Exit 0: all identical; 1: some differ; 2: a file is missing or the
sizes disagree.
"""
import array
import math
import os
import sys

# array typecodes: 'h' int16, 'i' int32 (4 bytes on every Debian platform), 'f' float32
FORMATS = {"s16": ("h", 32768.0), "s32": ("i", 2147483648.0), "f32": ("f", 1.0)}


def load(path, typecode):
    samples = array.array(typecode)
    with open(path, "rb") as f:
        samples.frombytes(f.read())
    return samples


def compare(pc_path, target_path):
    name = os.path.basename(pc_path)[len("engine-"):-len(".raw")]
    typecode, full_scale = FORMATS[name[:3]]
    if not os.path.exists(target_path):
        print(f"{name}: missing {target_path}")
        return 2
    pc = load(pc_path, typecode)
    tg = load(target_path, typecode)
    if len(pc) != len(tg):
        print(f"{name}: {len(pc)} samples on the PC, {len(tg)} on the target")
        return 2
    if pc.tobytes() == tg.tobytes():
        print(f"{name}: bit-exact ({len(pc)} samples)")
        return 0
    diff = [abs(float(a) - float(b)) for a, b in zip(pc, tg)]
    worst = max(diff)
    differing = sum(1 for d in diff if d)
    lsb = "" if typecode == "f" else f", max {worst:.0f} LSB"
    dbfs = 20 * math.log10(worst / full_scale)
    print(f"{name}: {differing} of {len(pc)} samples differ{lsb}, "
          f"max |diff| {dbfs:.1f} dBFS")
    return 1


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    pc_dir, target_dir = sys.argv[1:]
    names = sorted(f for f in os.listdir(pc_dir) if f.startswith("engine-") and f.endswith(".raw"))
    if not names:
        print(f"no engine-*.raw under {pc_dir}", file=sys.stderr)
        return 2
    return max(compare(os.path.join(pc_dir, n), os.path.join(target_dir, n)) for n in names)


if __name__ == "__main__":
    sys.exit(main())
