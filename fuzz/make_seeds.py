#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/ (committed; rerun after a format change).

Seeds are small valid inputs of each kind, so the fuzzer starts from
inputs that reach deep code rather than from bytes every parser refuses.
"""
import os
import shutil
import struct
import subprocess
import sys
import wave

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
ANY = 0xFFFFFFFF


def out(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def u32(*v):
    return struct.pack("<%dI" % len(v), *v)


def f32(*v):
    return struct.pack("<%df" % len(v), *v)


def record(rid, payload):
    return u32(rid, 8 + len(payload)) + payload


LIMITER = record(4, u32(ANY, ANY) + f32(-2.0))
DIALOGUE = record(3, u32(0, 1) + f32(6.0))
EQ = record(1, u32(ANY, 2, 2) + u32(0) + f32(1000.0, 3.0, 1.0) + u32(1) + f32(120.0, -4.0, 0.7))
LEVELER = record(2, u32(ANY, ANY) + f32(-20.0, 50.0, 500.0, 10.0, 10.0, -60.0))
TUNING = LIMITER + DIALOGUE + EQ + LEVELER


def tuning():
    out("tuning", "limiter", LIMITER)
    out("tuning", "eq", EQ)
    out("tuning", "all", TUNING)
    out("tuning", "bad-size", u32(4, 6) + b"\0\0")
    tool = os.path.join(ROOT, "build", "tools", "tuning", "adx-tuning")
    text = os.path.join(ROOT, "tools", "tuning", "default.txt")
    for build in ("build", "build-rel"):
        tool = os.path.join(ROOT, build, "tools", "tuning", "adx-tuning")
        if os.path.exists(tool):
            blob = os.path.join(CORPUS, "tuning", "default")
            subprocess.run([tool, "compile", text, blob], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            break


def msg(mtype, target, ext, payload=b""):
    m = u32(mtype, target, ext, len(payload)) + payload
    return struct.pack("<H", len(m)) + m


def ticks(n):
    return struct.pack("<HB", 0xFFFF, n)


def ipc():
    dax_init = u32(3, 2, 0, 0, 0)  # policy shared, 2 channels, speaker
    bind = u32(192, 48000, 2, 1)   # buffer frames, rate, channels, S32_LE
    build = (msg(0x01, 0, 0, u32(48, 0)) +
             msg(0x10, 1, 0, u32(1, 0)) +
             msg(0x10, 2, 0, u32(0x20) + dax_init) +  # ADX_IPC_MODULE_DAX
             msg(0x10, 3, 0, u32(2, 1)) +
             msg(0x12, 1, 2, bind) + msg(0x12, 2, 3, bind))
    run = msg(0x03, 0, 1) + msg(0x03, 0, 2) + ticks(12)
    frag = (msg(0x16, 2, 1, u32(7, len(TUNING)) + TUNING[:24]) +
            msg(0x16, 2, 2, u32(7, 24) + TUNING[24:]))
    ctl = msg(0x14, 2, 6, u32(0x40000000)) + msg(0x15, 2, 8) + ticks(6)
    down = msg(0x03, 0, 0) + msg(0x02, 0, 0)
    out("ipc", "life", build + run + frag + ctl + down)
    out("ipc", "fragments-out-of-order",
        build + msg(0x16, 2, 1, u32(7, len(TUNING)) + TUNING[:24]) +
        msg(0x16, 2, 2, u32(7, 40) + TUNING[24:]) + down)
    out("ipc", "abort", build + msg(0x16, 2, 1, u32(7, len(TUNING)) + TUNING[:24]) +
        msg(0x18, 2, 0) + run + down)
    out("ipc", "post-to-dp", msg(0x01, 0, 0, u32(48, 1)) + build[len(msg(0x01, 0, 0, u32(48, 0))):] + run + down)


def dax_config():
    def rec(op, cid, data=b""):
        return struct.pack("<BBH", op, cid, len(data)) + data
    for policy in range(4):
        out("dax_config", "controls-%d" % policy,
            bytes([policy]) + rec(0, 1, u32(1)) + rec(0, 2, u32(2)) + rec(2, 10) +
            rec(0, 3, u32(1)) + rec(0, 5, u32(1)) + rec(0, 6, u32(0x20000000)) +
            rec(2, 6) + rec(0, 7, TUNING) + rec(2, 12) + rec(1, 8, bytes(64)) +
            rec(3, 0) + rec(3, 1) + rec(3, 2) + rec(2, 8) + rec(1, 7, bytes(256)))


def wav(name, width, channels, frames, rate=48000):
    path = os.path.join(CORPUS, "audio", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with wave.open(path, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(bytes((i * 37) & 0xFF for i in range(frames * channels * width)))
    return path


def audio():
    s16 = wav("s16-stereo.wav", 2, 2, 64)
    wav("s24-6ch.wav", 3, 6, 16)
    wav("u8-mono.wav", 1, 1, 32, rate=8000)
    if shutil.which("sox"):
        subprocess.run(["sox", s16, os.path.join(CORPUS, "audio", "s16.flac")], check=False)
        subprocess.run(["sox", s16, "-e", "floating-point", "-b", "32",
                        os.path.join(CORPUS, "audio", "f32.wav")], check=False)


def scenario():
    d = os.path.join(CORPUS, "scenario")
    os.makedirs(d, exist_ok=True)
    for folder in ("scenarios", os.path.join("tests", "scenario", "bad")):
        src = os.path.join(ROOT, folder)
        for name in sorted(os.listdir(src)):
            if name.endswith(".yaml") and os.path.getsize(os.path.join(src, name)) < 8192:
                shutil.copy(os.path.join(src, name), os.path.join(d, name))


if __name__ == "__main__":
    tuning()
    ipc()
    dax_config()
    audio()
    scenario()
    sys.exit(0)
