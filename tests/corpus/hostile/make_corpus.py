#!/usr/bin/env python3
"""Writes the hostile-input corpus (issue 16) beside this script. The files are committed; run
this only to regenerate them. Each file is one input that once ended with a wrong result or a
bad message; tests/cli/cli_hostile_test.cpp and tests/ui/hostile_scene_test.cpp run them."""
import json, os, struct, zlib

here = os.path.dirname(os.path.abspath(__file__))

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)

def png(width, height, colour_type, rows, palette=None, depth=8):
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0))
    if palette is not None:
        out += chunk(b"PLTE", palette)
    out += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    return out

def write(rel, data):
    path = os.path.join(here, rel)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

grey_row = lambda w, v: b"\x00" + bytes([v]) * w
# A valid zlib stream that holds 32 of the 64 rows the header promises.
write("images/truncated-rows.png", png(16, 64, 0, [grey_row(16, 200)] * 32))
# Row 5 has filter type 7 (PNG defines 0 … 4).
rows = [grey_row(16, 120)] * 16
rows[4] = b"\x07" + rows[4][1:]
write("images/bad-filter.png", png(16, 16, 0, rows))
# A palette image without its PLTE chunk.
write("images/palette-no-plte.png", png(16, 16, 3, [b"\x00" + b"\x00" * 16] * 16))
# All white: inverted it is an empty drawing, not a uniform density.
write("images/all-white.png", png(16, 16, 2, [b"\x00" + b"\xff" * 48] * 16))

write("csv/bom.csv", "\ufeffx,y\n0,0\n1,1\n0,1\n1,0\n")
write("csv/plain.csv", "x,y\n0,0.5\n1,0.5\n0.5,1\n0.5,0\n")

def scene(base, target):
    return json.dumps({"format": "flowlab-scene", "version": 1, "base": base, "target": target,
                       "sampler": {"particles": 500}}, indent=1)

gauss = {"spec": "gaussian"}
write("scenes/non-psd.mixture.json", json.dumps({"dim": 2, "components": [
    {"weight": 1, "mean": [0, 0], "cov": [[1, 2], [2, 1]]}]}))
write("scenes/three-d.mixture.json", json.dumps({"dim": 3, "components": [
    {"weight": 1, "mean": [0, 0, 0], "cov": 1}]}))
# name → (scene JSON, what the refusal must say)
scenes = {
    "unknown-preset": (scene({"spec": "no-such-preset"}, gauss), "no-such-preset"),
    "missing-image": (scene(gauss, {"spec": "image:no-such-picture.png"}), "no-such-picture.png"),
    "missing-mixture": (scene({"spec": "mixture:no-such-mixture.json"}, gauss), "no-such-mixture.json"),
    "non-psd-mixture": (scene({"spec": "mixture:non-psd.mixture.json"}, gauss), "non-psd.mixture.json"),
    "dimension-mismatch": (scene({"spec": "mixture:three-d.mixture.json"}, gauss), "dimension"),
    "empty-raster": (scene({"raster": {"width": 2, "height": 2, "bounds": [-1, 1, -1, 1],
                                       "values": [0, 0, 0, 0]}}, gauss), "empty"),
    "scene-chain": (scene({"spec": "scene:scene-chain.json#base"}, gauss), "refer to a scene"),
    "bad-image-options": (scene(gauss, {"spec": "image:../images/all-white.png?size=1e9"}), "size"),
}
expect = {}
for name, (text, reason) in scenes.items():
    write("scenes/" + name + ".json", text)
    expect[name + ".json"] = reason
write("scenes/expected.txt", "".join(f"{k}\t{v}\n" for k, v in sorted(expect.items())))
