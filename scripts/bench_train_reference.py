#!/usr/bin/python3
"""Plain-PyTorch reference of FlowLab's training loop, for scripts/bench-train.

The same loop as `flowlab-cli bench train`: an MLP on [x, Gaussian Fourier features(t)]
(K frequencies → 2K features), SiLU, trained on gaussian → 8gaussians with the linear
interpolant (γ = 0) by the quadratic velocity objective of docs/maths.md §5,
    L_b = E[½|b̂(t, x_t)|² − İ_t·b̂(t, x_t)],
with Adam, global gradient-norm clipping and an EMA of the weights. Data are drawn fresh every
step. Written the way a PyTorch user would write it (idiomatic, no tricks either way).
Prints one line: `reference steps_per_s=<float> threads=<n>`.
"""
import argparse
import math
import time

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--width", type=int, default=256)
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0 = default)")
    p.add_argument("--frequencies", type=int, default=16)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-seconds", type=float, default=0.0, help="stop the timed loop early after this long (0 = no limit)")
    a = p.parse_args()

    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    dim, k = 2, a.frequencies

    class Mlp(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("freq", torch.randn(k) * 4.0)
            layers, fan_in = [], dim + 2 * k
            for _ in range(a.depth):
                layers += [torch.nn.Linear(fan_in, a.width), torch.nn.SiLU()]
                fan_in = a.width
            layers.append(torch.nn.Linear(fan_in, dim))
            self.net = torch.nn.Sequential(*layers)

        def forward(self, t, x):
            arg = 2 * math.pi * t[:, None] * self.freq[None, :]
            return self.net(torch.cat([x, torch.sin(arg), torch.cos(arg)], dim=1))

    model = Mlp()
    ema = [q.detach().clone() for q in model.parameters()]
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    angles = torch.arange(8) * (2 * math.pi / 8)
    means = 4.0 * torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)

    def step():
        x0 = torch.randn(a.batch, dim)
        idx = torch.randint(0, 8, (a.batch,))
        x1 = means[idx] + 0.5 * torch.randn(a.batch, dim)
        t = torch.rand(a.batch)
        xt = (1 - t)[:, None] * x0 + t[:, None] * x1
        target = x1 - x0
        b = model(t, xt)
        loss = (0.5 * (b * b).sum(1) - (target * b).sum(1)).mean()
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
        loss = step()
        done += 1
        if a.max_seconds > 0 and done % 10 == 0 and time.perf_counter() - start > a.max_seconds:
            break
    elapsed = time.perf_counter() - start
    if not math.isfinite(loss.item()):
        raise SystemExit("reference loss is not finite")
    print(f"reference steps_per_s={done / elapsed:.2f} threads={torch.get_num_threads()} loss={loss.item():.4f}")


if __name__ == "__main__":
    main()
