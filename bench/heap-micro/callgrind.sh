#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Mean and maximum instructions of one alloc and one free, per heap and
# hardening level (tlsf-none ... tlsf-extreme, sysheap-model).
#
# measured: heap_micro --callgrind runs the random workload with every call
#   through a noinline wrapper (micro_alloc_one / micro_free_one) followed by
#   a callgrind dump; each dump's total is the cost of exactly one call
#   (common layer included); the mean and the maximum over all dumps are
#   printed.
# bound: the argument of src/mem/tlsf.c made concrete for this binary. The
#   fast path of TLSF has no loop, so each of its instructions runs at most
#   once per call: the static instruction count of the functions on the path
#   (callees counted once per call site, recursively; logging excluded, it
#   runs only for rejected calls) bounds any single call. Loops found in
#   those functions are listed; the only expected one is the good-fit
#   scan of one size class (scan_class, called by tlsf_find for at most two
#   classes), which runs only when the O(1) search has failed, and is
#   counted for one pass per call. The block carving of
#   src/mem/carve.c reaches the heap's free index through its ops table:
#   an indirect call through the table's find, insert or remove slot
#   (struct carve_ops: ten pointers of adx_heap_ops, then the five of the
#   index) is counted as TLSF's function in that slot, any other indirect
#   call in carve.c as the costliest of the three. Lock and observer
#   callbacks (the common layer's other indirect calls) are not counted;
#   the benchmark installs neither.
#
# usage: callgrind.sh [path/to/heap_micro] [ops]   (needs valgrind, objdump, python3)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/bench/heap-micro/heap_micro}
ops=${2:-20000}
out=$(mktemp /tmp/heap-micro-callgrind.XXXXXX)
trap 'rm -f "$out" "$out.log"' EXIT

if ! valgrind --tool=callgrind --collect-atstart=no \
	--toggle-collect=micro_alloc_one --toggle-collect=micro_free_one \
	--combine-dumps=yes --dump-instr=no --callgrind-out-file="$out" \
	"$bin" --callgrind --ops "$ops" >"$out.log" 2>&1; then
	# e.g. valgrind 3.19 cannot read clang's DWARF 5: use a gcc build
	echo "callgrind.sh: valgrind failed on $bin:" >&2
	tail -n 5 "$out.log" >&2
	exit 1
fi

awk '
/^desc: Trigger: Client Request:/ { sub(/.*Request: /, ""); label = $0 }
/^totals:/ {
	if (label != "") {
		if ($2 > max[label]) max[label] = $2
		sum[label] += $2
		n[label]++
	}
	label = ""
}
END {
	for (k in max) {
		split(k, w, " ")
		printf "heap-micro-callgrind %s %s mean_instructions=%.0f max_instructions=%d calls=%d\n", w[2], w[1], sum[k] / n[k], max[k], n[k]
	}
}' "$out" | sort

# Static worst path of the TLSF calls, from the disassembly of this binary.
objdump -d --no-show-raw-insn "$bin" | python3 -c '
import re, sys
sys.setrecursionlimit(100000)
funcs, order = {}, []
for line in sys.stdin:
    m = re.match(r"^([0-9a-f]+) <([^>]+)>:$", line)
    if m:
        cur = m.group(2); funcs[cur] = []; continue
    m = re.match(r"^ +([0-9a-f]+):\s+(.*)$", line)
    if not m or not funcs or cur is None:
        continue
    words = m.group(2).split()
    while words and words[0] in ("notrack", "bnd", "repz", "rep", "lock"):
        words = words[1:]
    op = words[0] if words else ""
    dest = re.search(r"([0-9a-f]+) <([^>+]+)(\+0x[0-9a-f]+)?>", m.group(2))
    slot = re.search(r"\*0x([0-9a-f]+)\(%r", m.group(2))
    funcs[cur].append((int(m.group(1), 16), op, dest and int(dest.group(1), 16),
                       dest and dest.group(2) or (slot and "slot:" + slot.group(1))))

EXCLUDED = re.compile(r"^(adx_log|adx_block_report_bad_free)")
CARVE = re.compile(r"^(adx_carve_|carve_)")
INDEX = {"slot:50": "tlsf_find", "slot:58": "tlsf_insert", "slot:60": "tlsf_remove",
         "slot:68": "tlsf_links_flaw", "slot:70": "tlsf_head"}
memo, loops, indirect = {}, {}, set()

def index_call(f, slot):
    """An indirect call in carve.c goes to the free index: the function in
    its ops slot, or the costliest of them when the slot is not visible."""
    if not CARVE.match(f):
        return 0
    missing = [t for t in INDEX.values() if t not in funcs]
    if missing:
        sys.exit("callgrind.sh: index function(s) %s not in the binary" % ", ".join(missing))
    if slot in INDEX:
        return bound(INDEX[slot])
    return max(bound(t) for t in INDEX.values())

def bound(f):
    """Longest path through f in instructions, callees included. An edge back
    to an instruction still on the DFS stack closes a loop: it is counted and
    not followed, so the figure covers one pass of any loop."""
    if f not in funcs or EXCLUDED.match(f):
        return 0
    if f in memo:
        return memo[f]
    insns = funcs[f]
    where = {addr: i for i, (addr, _, _, _) in enumerate(insns)}
    state, best = {}, {}
    def succ_and_weight(i):
        addr, op, dest, dfn = insns[i]
        nxt = [i + 1] if i + 1 < len(insns) else []
        if op.startswith("ret") or op in ("ud2", "hlt"):
            return [], 1
        if op == "call":
            if dfn is None or dfn.startswith("slot:"):
                return nxt, 1 + index_call(f, dfn)
            return nxt, 1 + (bound(dfn) if not dfn.endswith("@plt") else 0)
        if op.startswith("j"):
            if dfn == f:
                tgt = [where[dest]]
                return (tgt if op == "jmp" else tgt + nxt), 1
            if op == "jmp":
                if (dfn is None or dfn.startswith("slot:")) and not CARVE.match(f):
                    indirect.add(f)
                if dfn is None or dfn.startswith("slot:"):
                    return [], 1 + index_call(f, dfn)
                return [], 1 + bound(dfn)
        return nxt, 1
    def walk(i):
        if state.get(i) == 2:
            return best[i]
        state[i] = 1
        nexts, w = succ_and_weight(i)
        longest = 0
        for j in nexts:
            if state.get(j) == 1:
                loops[f] = loops.get(f, 0) + 1
                continue
            longest = max(longest, walk(j))
        state[i] = 2
        best[i] = w + longest
        return best[i]
    memo[f] = walk(0)
    return memo[f]

alloc = bound("adx_heap_alloc") + bound("adx_carve_alloc") + bound("adx_carve_used_bytes")
free = bound("adx_heap_free") + bound("adx_carve_free") + bound("adx_carve_block_info")
print("heap-micro-callgrind tlsf alloc bound_instructions=%d (longest static path, one pass of any loop)" % alloc)
print("heap-micro-callgrind tlsf free bound_instructions=%d (longest static path, one pass of any loop)" % free)
for f in sorted(loops):
    print("heap-micro-callgrind loop in %s: %d back edge(s)" % (f, loops[f]))
for f in sorted(indirect):
    print("heap-micro-callgrind indirect jump in %s (targets not followed)" % f)
'
echo "argued in src/mem/tlsf.c:"
awk '/O\(1\) bound:/ { p = 1 } p && /^ \*$/ { exit } p { sub(/^ \* ?/, "  "); print }' \
	"$here/../../src/mem/tlsf.c"
