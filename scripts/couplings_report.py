#!/usr/bin/env python3
"""Summarises scripts/measure_couplings.sh: a Markdown table (straightness, path length, the
fewest Euler steps that reach energy distance 0.01) and an SVG plot of error against NFE.
Plain Python (no numpy or matplotlib). Usage: couplings_report.py DIR [OUT.svg]"""
import csv, math, sys

d = sys.argv[1]
svg_path = sys.argv[2] if len(sys.argv) > 2 else None
threshold = 0.01
paths = {(r["scene"], r["coupling"]): r for r in csv.DictReader(open(f"{d}/straightness.csv"))}
curves = {}
for r in csv.DictReader(open(f"{d}/nfe.csv")):
    curves.setdefault((r["scene"], r["coupling"]), []).append((int(r["nfe"]), float(r["energy_distance"])))

print("| scene | coupling | straightness S | path length | chord | Euler NFE for ED ≤ 0.01 | ≤ 0.02 | ED at NFE 1, 2, 4 | ED at 64 |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for key, pts in curves.items():
    p = paths.get(key, {})
    reach = next((n for n, e in sorted(pts) if e <= threshold), None)
    reach2 = next((n for n, e in sorted(pts) if e <= 2 * threshold), None)
    at = dict(pts)
    print(f"| {key[0]} | {key[1]} | {float(p.get('straightness', 'nan')):.3g} | {float(p.get('path_length', 'nan')):.3g} | "
          f"{float(p.get('chord', 'nan')):.3g} | {reach if reach else '> 64'} | {reach2 if reach2 else '> 64'} | "
          f"{', '.join(f'{at[n]:.3g}' for n in (1, 2, 4) if n in at)} | {at.get(64, float('nan')):.3g} |")

if svg_path:
    scenes = sorted({k[0] for k in curves})
    colours = {"independent": "#d62728", "ot": "#1f77b4", "reflow": "#2ca02c", "exact-independent": "#7f7f7f"}
    W, H, M = 420, 300, 50
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W * len(scenes)}" height="{H + 30}" font-family="sans-serif" font-size="11">',
           f'<rect width="100%" height="100%" fill="white"/>']
    lx = lambda n: math.log10(n) / math.log10(64)
    ly = lambda e: (math.log10(max(e, 1e-3)) + 3) / 4  # 1e-3 .. 10
    for i, scene in enumerate(scenes):
        ox = i * W
        X = lambda n: ox + M + lx(n) * (W - 1.5 * M)
        Y = lambda e: H - M + 20 - ly(e) * (H - 1.5 * M)
        out.append(f'<text x="{ox + W / 2}" y="16" text-anchor="middle" font-size="13">{scene}</text>')
        out.append(f'<line x1="{X(1)}" y1="{Y(1e-3)}" x2="{X(64)}" y2="{Y(1e-3)}" stroke="black"/>')
        out.append(f'<line x1="{X(1)}" y1="{Y(1e-3)}" x2="{X(1)}" y2="{Y(10)}" stroke="black"/>')
        for n in (1, 2, 4, 8, 16, 32, 64):
            out.append(f'<text x="{X(n)}" y="{Y(1e-3) + 14}" text-anchor="middle">{n}</text>')
        for e in (1e-3, 1e-2, 1e-1, 1, 10):
            out.append(f'<text x="{X(1) - 4}" y="{Y(e) + 4}" text-anchor="end">{e:g}</text>')
        out.append(f'<line x1="{X(1)}" y1="{Y(threshold)}" x2="{X(64)}" y2="{Y(threshold)}" stroke="#999" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{X(64)}" y="{Y(1e-3) + 28}" text-anchor="end">Euler steps (NFE)</text>')
        out.append(f'<text x="{ox + 12}" y="{Y(1)}" transform="rotate(-90 {ox + 12} {Y(1)})" text-anchor="middle">energy distance to the target</text>')
        for j, (c, colour) in enumerate(colours.items()):
            pts = sorted(curves.get((scene, c), []))
            if not pts:
                continue
            out.append('<polyline fill="none" stroke-width="2" stroke="%s" points="%s"/>' %
                       (colour, " ".join(f"{X(n):.1f},{Y(e):.1f}" for n, e in pts)))
            out.append(f'<text x="{X(64) - 4}" y="{Y(10) + 14 * j}" text-anchor="end" fill="{colour}">{c}</text>')
    out.append("</svg>")
    open(svg_path, "w").write("\n".join(out))
