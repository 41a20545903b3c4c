"""PyTorch doing the GPU benchmark's work on the same GPU: MNIST MLP 784-128-10 and LeNet-5, Adam(1e-3), the
same batch size, the training set on the device and reshuffled there each epoch, the loss read back once per epoch;
inference over the 10,000 test images on the device, 1000 a pass. Usage:
    python3 torch_bench.py DATA_DIR [--epochs 3] [--batch 128] [--json FILE]
"""
import argparse, gzip, json, os, time

import numpy as np
import torch
from torch import nn


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, prefix):
    def find(name):
        for candidate in (name, name + ".gz"):
            if os.path.exists(os.path.join(directory, candidate)):
                return os.path.join(directory, candidate)
        raise FileNotFoundError(name)
    images = idx(find(f"{prefix}-images-idx3-ubyte")).astype(np.float32) / 255.0
    labels = idx(find(f"{prefix}-labels-idx1-ubyte")).astype(np.int64)
    return images.reshape(-1, 1, 28, 28), labels


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def epoch(model, optimizer, x, y, batch):
    model.train()
    n = x.shape[0]
    order = torch.randperm(n, device=x.device)
    total = torch.zeros((), device=x.device)
    loss_fn = nn.CrossEntropyLoss()
    for start in range(0, n, batch):
        index = order[start:start + batch]
        out = model(x[index])
        loss = loss_fn(out, y[index])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        total += loss.detach() * index.shape[0]
    return total.item() / n  # the only read-back: the epoch has finished


def run(name, factory, train, test, args, device):
    torch.manual_seed(1)
    model = factory().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.from_numpy(train[0]).to(device), torch.from_numpy(train[1]).to(device)
    tx, ty = torch.from_numpy(test[0]).to(device), torch.from_numpy(test[1]).to(device)
    started = time.perf_counter()
    epoch(model, optimizer, x[:args.batch * 4], y[:args.batch * 4], args.batch)  # warm-up
    torch.cuda.synchronize()
    warm = time.perf_counter() - started
    seconds, losses = [], []
    for e in range(args.epochs):
        started = time.perf_counter()
        losses.append(epoch(model, optimizer, x, y, args.batch))
        seconds.append(time.perf_counter() - started)
        print(f"{name} epoch {e + 1}: loss {losses[-1]:.4f}, {seconds[-1]:.3f} s, {x.shape[0] / seconds[-1]:,.0f} images/s", flush=True)
    model.eval()
    with torch.no_grad():
        for _ in range(2):
            for s in range(0, tx.shape[0], 1000): model(tx[s:s + 1000])
        torch.cuda.synchronize()
        repeats = 5
        started = time.perf_counter()
        for _ in range(repeats):
            for s in range(0, tx.shape[0], 1000): model(tx[s:s + 1000])
        torch.cuda.synchronize()
        infer = (time.perf_counter() - started) / repeats
        started = time.perf_counter()
        outputs = np.concatenate([model(torch.from_numpy(test[0][s:s + 1000]).to(device)).cpu().numpy() for s in range(0, len(test[0]), 1000)])
        host = time.perf_counter() - started
    accuracy = float((outputs.argmax(1) == test[1]).mean())
    best = min(seconds[1:]) if len(seconds) > 1 else seconds[0]
    print(f"{name}: best epoch {best:.3f} s = {x.shape[0] / best:,.0f} images/s; inference on device {tx.shape[0] / infer:,.0f} images/s; "
          f"host to host {tx.shape[0] / host:,.0f} images/s; test accuracy {100 * accuracy:.2f}%", flush=True)
    return dict(case=name, batch=args.batch, warmupSeconds=warm, epochSeconds=seconds, losses=losses,
                trainImagesPerSecond=x.shape[0] / best, inferImagesPerSecond=tx.shape[0] / infer,
                inferHostToHostImagesPerSecond=tx.shape[0] / host, testAccuracy=accuracy)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.backends.cudnn.benchmark = True
    device = torch.device("cuda")
    print(f"torch {torch.__version__} on {torch.cuda.get_device_name(0)}", flush=True)
    train, test = load(args.data, "train"), load(args.data, "t10k")
    results = []
    for name, factory in (("MLP 784-128-10", mlp), ("LeNet-5", lenet)):
        try:
            results.append(run(name, factory, train, test, args, device))
        except Exception as e:  # one failure must not lose the other case
            print(f"{name} FAILED: {e!r}", flush=True)
            results.append(dict(case=name, error=repr(e)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(device=torch.cuda.get_device_name(0), torch=torch.__version__, results=results), f, indent=2)


if __name__ == "__main__":
    main()
