#!/usr/bin/env python3
"""The peer: MNIST trained the way the seed projects do it, in plain PyTorch.

A per-sample Dataset over the IDX arrays, DataLoader(shuffle=True, batch_size=128), Adam(lr=1e-3),
cross-entropy, torch.set_num_threads(threads). The architectures are mnistbench's zoo entries
(models/zoo.cc) written out as nn.Modules; the parameter counts are printed and checked against
the zoo's so the comparison is like for like. Only the training loop (including the DataLoader)
is timed; evaluation on the 10,000 test images runs afterwards under torch.no_grad().

Prints one JSON object on its last line: model, params, train_images, epochs, threads,
train_seconds, img_per_s, train_accuracy, test_accuracy.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

# Exact trainable parameter counts of the zoo entries (`mnistbench models`).
ZOO_PARAMS = {"lenet5": 61706, "cnn-seed001": 65194, "fcnn-seed004": 535818}


def read_idx(path):
    """One unsigned-byte IDX file (raw or .gz) as a numpy array."""
    for candidate in (path, path + ".gz"):
        if os.path.exists(candidate):
            opener = gzip.open if candidate.endswith(".gz") else open
            with opener(candidate, "rb") as f:
                data = f.read()
            ndim = data[3]
            dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
            return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)
    raise FileNotFoundError(path + "[.gz]")


class MnistDataset(Dataset):
    """One image at a time, normalised on the fly: the seeds' pipeline."""

    def __init__(self, images, labels, mean, std):
        self.images = images
        self.labels = labels
        self.mean = mean
        self.std = std

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        x = torch.from_numpy(self.images[i].astype(np.float32) / 255.0)
        x = (x - self.mean) / self.std
        return x.unsqueeze(0), int(self.labels[i])


class LeNet5(nn.Module):
    """pad 32x32 with background, Conv6 5x5, relu, maxpool, Conv16 5x5, relu, maxpool,
    FC 120-84-10."""

    def __init__(self, background):
        super().__init__()
        self.background = background
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.pad(x, (2, 2, 2, 2), value=self.background)
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class CnnSeed001(nn.Module):
    """Conv64 3x3, relu, Conv32 3x3, relu, maxpool 2, Dense 10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, 3)
        self.conv2 = nn.Conv2d(64, 32, 3)
        self.fc = nn.Linear(32 * 12 * 12, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


class FcnnSeed004(nn.Module):
    """MLP 784-512-256-10, relu, dropout 0.2."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 512)
        self.fc2 = nn.Linear(512, 256)
        self.fc3 = nn.Linear(256, 10)
        self.dropout = nn.Dropout(0.2)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = self.dropout(F.relu(self.fc1(x)))
        x = self.dropout(F.relu(self.fc2(x)))
        return self.fc3(x)


def build(name, background):
    if name == "lenet5":
        return LeNet5(background)
    if name == "cnn-seed001":
        return CnnSeed001()
    if name == "fcnn-seed004":
        return FcnnSeed004()
    raise SystemExit(f"peer_train.py: unknown model '{name}' (expected one of {', '.join(ZOO_PARAMS)})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, choices=sorted(ZOO_PARAMS))
    parser.add_argument("--data-dir", default=os.environ.get("MNISTBENCH_DATA", "data"))
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit-train", type=int, default=0, help="first N train images; 0 = all")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    d = os.path.join(args.data_dir, "mnist")
    train_x = read_idx(os.path.join(d, "train-images-idx3-ubyte"))
    train_y = read_idx(os.path.join(d, "train-labels-idx1-ubyte"))
    test_x = read_idx(os.path.join(d, "t10k-images-idx3-ubyte"))
    test_y = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte"))
    if args.limit_train > 0:
        train_x, train_y = train_x[:args.limit_train], train_y[:args.limit_train]
    pixels = train_x.astype(np.float64) / 255.0
    mean, std = float(pixels.mean()), float(pixels.std())

    model = build(args.model, -mean / std)
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"peer {args.model}: {params} params (zoo: {ZOO_PARAMS[args.model]})", flush=True)
    if params != ZOO_PARAMS[args.model]:
        raise SystemExit(f"peer_train.py: {args.model} has {params} params, zoo has {ZOO_PARAMS[args.model]}")

    train_loader = DataLoader(MnistDataset(train_x, train_y, mean, std),
                              batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(MnistDataset(test_x, test_y, mean, std), batch_size=1000)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    criterion = nn.CrossEntropyLoss()

    train_seconds = 0.0
    for epoch in range(1, args.epochs + 1):
        model.train()
        start = time.perf_counter()
        correct, seen, loss_sum = 0, 0, 0.0
        for x, y in train_loader:
            optimizer.zero_grad()
            out = model(x)
            loss = criterion(out, y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(y)
            correct += (out.argmax(1) == y).sum().item()
            seen += len(y)
        seconds = time.perf_counter() - start
        train_seconds += seconds
        print(f"epoch {epoch}/{args.epochs}  train loss {loss_sum / seen:.4f} "
              f"acc {100.0 * correct / seen:.2f}%  {seconds:.1f}s  {seen / seconds:.0f} img/s",
              flush=True)

    model.eval()
    test_correct = 0
    with torch.no_grad():
        for x, y in test_loader:
            test_correct += (model(x).argmax(1) == y).sum().item()
    result = {
        "model": args.model, "params": params, "train_images": len(train_y),
        "epochs": args.epochs, "threads": args.threads, "train_seconds": train_seconds,
        "img_per_s": len(train_y) * args.epochs / train_seconds,
        "train_accuracy": correct / seen, "test_accuracy": test_correct / len(test_y),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
