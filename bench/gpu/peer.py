#!/usr/bin/env python3
"""The GPU check's PyTorch-Python peer: mnistbench's zoo models trained as a strong user would.

The whole MNIST train set lives on the device as one normalised float tensor; each epoch draws a
random permutation and slices batches from it (the last partial batch is dropped, so every step
has one shape); Adam (fused on CUDA), cross-entropy; eager, or forward + loss under
torch.compile(mode="reduce-overhead") (CUDA graphs). The architectures are models/zoo.cc's,
checked by parameter count. img/s is measured over the last epoch (the first holds warm-up and
compilation), between torch.cuda.synchronize() calls.

Prints CSV rows on stdout (section,name,value,unit,note), one per configuration, as each ends.
Needs only python3 and torch.
"""
import argparse
import csv
import gzip
import os
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# Trainable parameters of the zoo entries (`mnistbench models`).
ZOO_PARAMS = {"lenet5": 61706, "fcnn-seed004": 535818, "cnn-seed001": 65194, "mnb-vgg": 468458}
DEFAULT_CONFIGS = ("lenet5:512,fcnn-seed004:512,lenet5:600,fcnn-seed004:64,"
                   "cnn-seed001:512,cnn-seed001:32,mnb-vgg:512,mnb-vgg:128")


def read_idx(path):
    """An unsigned-byte IDX file, gzipped or raw, as a uint8 tensor of its dimensions."""
    for candidate in (path + ".gz", path):
        if os.path.exists(candidate):
            opener = gzip.open if candidate.endswith(".gz") else open
            with opener(candidate, "rb") as f:
                data = bytearray(f.read())
            magic, = struct.unpack(">I", data[:4])
            if magic >> 8 != 0x08:
                raise ValueError(f"{candidate}: not an unsigned-byte IDX file (magic {magic:#x})")
            ndim = magic & 0xFF
            dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
            flat = torch.frombuffer(data, dtype=torch.uint8, offset=4 + 4 * ndim)
            return flat.reshape(dims)
    raise FileNotFoundError(path + "[.gz]")


def lenet5(background):
    return nn.Sequential(
        nn.ConstantPad2d(2, background), nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def fcnn_seed004():
    return nn.Sequential(
        nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2),
        nn.Linear(512, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10))


def cnn_seed001():
    return nn.Sequential(
        nn.Conv2d(1, 64, 3), nn.ReLU(), nn.Conv2d(64, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 12 * 12, 10))


def mnb_vgg():
    def block(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]
    return nn.Sequential(
        *block(1, 32), *block(32, 32), nn.MaxPool2d(2),
        *block(32, 64), *block(64, 64), nn.MaxPool2d(2), nn.Flatten(),
        nn.Dropout(0.3), nn.Linear(64 * 7 * 7, 128), nn.BatchNorm1d(128), nn.ReLU(),
        nn.Dropout(0.3), nn.Linear(128, 10))


def build(name, background):
    models = {"lenet5": lambda: lenet5(background), "fcnn-seed004": fcnn_seed004,
              "cnn-seed001": cnn_seed001, "mnb-vgg": mnb_vgg}
    model = models[name]()
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    if params != ZOO_PARAMS[name]:
        raise RuntimeError(f"{name}: {params} parameters, the zoo's has {ZOO_PARAMS[name]}")
    return model


def load_train(data_dir, device):
    """The train split on the device: (N,1,28,28) float standardised, labels int64, background."""
    d = os.path.join(data_dir, "mnist")
    images = read_idx(os.path.join(d, "train-images-idx3-ubyte")).to(device)
    labels = read_idx(os.path.join(d, "train-labels-idx1-ubyte")).to(device).long()
    x = images.float().div_(255.0)
    mean, std = x.mean(), x.std()
    x = x.sub_(mean).div_(std).unsqueeze(1).contiguous()
    return x, labels, float(-mean / std)


def make_step(model, opt, compiled):
    def loss_of(xb, yb):
        return F.cross_entropy(model(xb), yb)
    forward = torch.compile(loss_of, mode="reduce-overhead") if compiled else loss_of

    def step(xb, yb):
        if compiled:
            torch.compiler.cudagraph_mark_step_begin()
        loss = forward(xb, yb)
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss
    return step


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def run_epoch(step, x, y, batch, max_batches):
    """One epoch over a fresh permutation; returns (images trained, seconds, last loss)."""
    sync(x.device)
    start = time.perf_counter()
    perm = torch.randperm(x.shape[0], device=x.device)
    steps = x.shape[0] // batch
    if max_batches > 0:
        steps = min(steps, max_batches)
    loss = None
    for i in range(steps):
        idx = perm[i * batch:(i + 1) * batch]
        loss = step(x[idx], y[idx])
    last = float(loss.detach()) if loss is not None else float("nan")
    sync(x.device)
    return steps * batch, time.perf_counter() - start, last


def measure(name, batch, data, args):
    """img/s of the last of args.epochs epochs, and a note."""
    x, y, background = data
    torch.manual_seed(args.seed)
    model = build(name, background).to(x.device).train()
    fused = x.device.type == "cuda"
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, fused=fused)
    step = make_step(model, opt, args.mode == "compile")
    for _ in range(max(1, args.epochs)):
        images, seconds, loss = run_epoch(step, x, y, batch, args.max_batches)
    note = (f"PyTorch {torch.__version__} {args.mode}; epoch {args.epochs}/{args.epochs}, "
            f"{images} images in {seconds:.2f} s, loss {loss:.3f}; "
            f"Adam{' fused' if fused else ''} lr {args.lr:g}, drop_last")
    return images / seconds, note


def parse_configs(text):
    configs = []
    for item in filter(None, (s.strip() for s in text.split(","))):
        name, _, batch = item.partition(":")
        if name not in ZOO_PARAMS or not batch.isdigit() or int(batch) <= 0:
            raise SystemExit(f"peer.py: bad config '{item}' (MODEL:BATCH, MODEL one of "
                             f"{', '.join(ZOO_PARAMS)})")
        configs.append((name, int(batch)))
    return configs


def environment_note(device):
    parts = [f"torch {torch.__version__}", f"CUDA {torch.version.cuda}",
             f"cuDNN {torch.backends.cudnn.version()}",
             f"cudnn.benchmark {torch.backends.cudnn.benchmark}",
             f"matmul TF32 {torch.backends.cuda.matmul.allow_tf32}",
             f"cuDNN TF32 {torch.backends.cudnn.allow_tf32}"]
    if device.type == "cuda":
        parts.append(torch.cuda.get_device_name(device))
    return "; ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=os.environ.get("MNISTBENCH_DATA", "data"))
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--mode", choices=("eager", "compile"), default="eager")
    parser.add_argument("--configs", default=DEFAULT_CONFIGS, help="MODEL:BATCH,... in order")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--max-batches", type=int, default=0, help="per epoch; 0 = all")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--deadline", type=float, default=0,
                        help="seconds after start past which no new configuration starts")
    args = parser.parse_args()
    configs = parse_configs(args.configs)
    start = time.monotonic()
    out = csv.writer(sys.stdout, lineterminator="\n")
    section = f"peer-{args.mode}"
    device = torch.device(args.device)
    torch.manual_seed(args.seed)
    data = load_train(args.data_dir, device)
    out.writerow([section, "python_torch", torch.__version__, "", environment_note(device)])
    sys.stdout.flush()
    for name, batch in configs:
        if args.deadline > 0 and time.monotonic() - start > args.deadline:
            out.writerow([section, f"{name}@{batch}", "n/a", "img/s", "skipped: time budget"])
            sys.stdout.flush()
            continue
        try:
            if args.mode == "compile":
                torch._dynamo.reset()  # a fresh cache: no recompile limit across models
            ips, note = measure(name, batch, data, args)
            out.writerow([section, f"{name}@{batch}", f"{ips:.0f}", "img/s", note])
        except Exception as e:  # a failed compile is a result (n/a), not the end of the check
            first = (str(e).strip().splitlines() or [""])[0][:200]
            out.writerow([section, f"{name}@{batch}", "n/a", "img/s",
                          f"failed: {type(e).__name__}: {first}"])
        sys.stdout.flush()


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown (inductor's compile workers can hold it for seconds)
