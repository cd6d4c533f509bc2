#!/usr/bin/python3
"""Plain-PyTorch reference of FlowLab's image U-Net training step, for scripts/bench-train-unet.

The same network as core/net/unet.cpp (UNetOptions' comment): 3×3 input convolution, per level
residual blocks (GroupNorm → SiLU → conv → + embedding → GroupNorm → SiLU → conv, 1×1 skip where
the channels change) and a stride-2 downsampling convolution, two middle blocks, the mirror
image upwards with concatenated skips and nearest upsampling, GroupNorm → SiLU → 3×3 output
convolution; sinusoidal features of 1000·t through a two-layer SiLU MLP of width 4·C.
Trained by conditional flow matching on the fm-ot path (|b̂ − (x1 − (1 − σ_min) x0)|²) on a fixed
set of images, data drawn fresh each step, with Adam, global gradient-norm clipping and an EMA
of the weights: the loop of `flowlab-cli images train`. Written the way a PyTorch user would
write it (idiomatic, no tricks either way).
Prints one line: `reference steps_per_s=<float> threads=<n>`.
"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.embed = nn.Linear(emb, cout)
        self.norm2 = nn.GroupNorm(groups, cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, e):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.embed(e)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return (self.skip(x) if self.skip is not None else x) + h


class UNet(nn.Module):
    def __init__(self, channels, base, mults, blocks, groups):
        super().__init__()
        emb = 4 * base
        self.half = max(1, base // 2)
        self.time1 = nn.Linear(2 * self.half, emb)
        self.time2 = nn.Linear(emb, emb)
        self.inconv = nn.Conv2d(channels, base, 3, padding=1)
        skips, ch = [base], base
        self.down, self.downsample = nn.ModuleList(), nn.ModuleList()
        for l, m in enumerate(mults):
            level = nn.ModuleList()
            for _ in range(blocks):
                level.append(ResBlock(ch, base * m, emb, groups))
                ch = base * m
                skips.append(ch)
            self.down.append(level)
            if l + 1 < len(mults):
                self.downsample.append(nn.Conv2d(ch, ch, 3, stride=2, padding=1))
                skips.append(ch)
        self.mid1 = ResBlock(ch, ch, emb, groups)
        self.mid2 = ResBlock(ch, ch, emb, groups)
        self.up = nn.ModuleList([None] * len(mults))
        self.upsample = nn.ModuleList([None] * (len(mults) - 1))
        for l in reversed(range(len(mults))):
            level = nn.ModuleList()
            for _ in range(blocks + 1):
                level.append(ResBlock(ch + skips.pop(), base * mults[l], emb, groups))
                ch = base * mults[l]
            self.up[l] = level
            if l > 0:
                self.upsample[l - 1] = nn.Conv2d(ch, ch, 3, padding=1)
        self.outnorm = nn.GroupNorm(groups, ch)
        self.outconv = nn.Conv2d(ch, channels, 3, padding=1)
        nn.init.zeros_(self.outconv.weight)
        nn.init.zeros_(self.outconv.bias)

    def forward(self, x, t):
        freq = torch.exp(torch.arange(self.half, dtype=x.dtype) * (-math.log(10000.0) / self.half))
        arg = (1000.0 * t)[:, None] * freq[None, :]
        e = F.silu(self.time2(F.silu(self.time1(torch.cat([torch.sin(arg), torch.cos(arg)], 1)))))
        h = self.inconv(x)
        hs = [h]
        for l, level in enumerate(self.down):
            for block in level:
                h = block(h, e)
                hs.append(h)
            if l < len(self.downsample):
                h = self.downsample[l](h)
                hs.append(h)
        h = self.mid2(self.mid1(h, e), e)
        for l in reversed(range(len(self.up))):
            for block in self.up[l]:
                h = block(torch.cat([h, hs.pop()], 1), e)
            if l > 0:
                h = F.interpolate(h, size=hs[-1].shape[2:], mode="nearest")
                h = self.upsample[l - 1](h)
        return self.outconv(F.silu(self.outnorm(h)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", type=int, default=16)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--levels", default="1,2,2")
    p.add_argument("--res-blocks", type=int, default=1)
    p.add_argument("--groups", type=int, default=8)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--images", type=int, default=4000)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0 = default)")
    p.add_argument("--max-seconds", type=float, default=0.0)
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    mults = [int(m) for m in a.levels.split(",")]
    model = UNet(a.channels, a.width, mults, a.res_blocks, a.groups)
    ema = [q.detach().clone() for q in model.parameters()]
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    data = torch.rand(a.images, a.channels, a.size, a.size) * 2 - 1
    sigma_min = 1e-3

    def step():
        idx = torch.randint(0, a.images, (a.batch,))
        x1 = data[idx] + (torch.rand_like(data[idx]) - 0.5) * (2.0 / 256)
        x0 = torch.randn_like(x1)
        t = torch.rand(a.batch)
        tt = t[:, None, None, None]
        xt = (1 - (1 - sigma_min) * tt) * x0 + tt * x1
        target = x1 - (1 - sigma_min) * x0
        b = model(xt, t)
        loss = ((b - target) ** 2).flatten(1).sum(1).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            for e, q in zip(ema, model.parameters()):
                e.mul_(0.999).add_(q, alpha=0.001)
        return loss

    for _ in range(a.warmup):
        step()
    start = time.perf_counter()
    done = 0
    for _ in range(a.steps):
        step()
        done += 1
        if a.max_seconds > 0 and time.perf_counter() - start > a.max_seconds:
            break
    elapsed = time.perf_counter() - start
    print(f"reference steps_per_s={done / elapsed:.4f} threads={torch.get_num_threads()}")


if __name__ == "__main__":
    main()
