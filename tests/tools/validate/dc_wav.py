#!/usr/bin/env python3
"""dc_wav.py write FILE | check FILE: the DC blocker's end-to-end signal.

write: 1 s of stereo S16 at 48 kHz, a 1 kHz tone of amplitude 6000 on a DC
offset of 8000. check: in the last 100 ms the DC is gone (|mean| < 50) and
the tone is kept (peak within 2 % of 6000); exit 1 otherwise."""
import math
import struct
import sys
import wave

RATE, FRAMES, DC, AMP = 48000, 48000, 8000, 6000


def write(path):
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        for i in range(FRAMES):
            v = int(DC + AMP * math.sin(2 * math.pi * 1000 * i / RATE))
            w.writeframesraw(struct.pack("<hh", v, v))


def check(path):
    with wave.open(path) as w:
        n = w.getnframes()
        samples = struct.unpack("<%dh" % (2 * n), w.readframes(n))
    tail = samples[-2 * RATE // 10::2]
    mean, peak = sum(tail) / len(tail), max(abs(s) for s in tail)
    print("output tail: mean %.1f, peak %d" % (mean, peak))
    if n != FRAMES or abs(mean) >= 50 or abs(peak - AMP) > 0.02 * AMP:
        print("expected %d frames, |mean| < 50, peak %d +- 2 %%" % (FRAMES, AMP))
        return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
        sys.exit(0)
    sys.exit(check(sys.argv[2]))
