#!/usr/bin/env python3
"""Supernet evaluation speed, DJL against PyTorch eager: the driver of bench/supernet-vs-pytorch.sh.

  supernet_pytorch_eager.py DIR THREADS ROUNDS FORWARD_REPS EVALUATION_REPS -- JAVA_COMMAND...

Starts the Java side (org.sparknas.eval.EvaluationBenchmark, the evaluator's own code path), which
writes each sub-network it times (layers, weights, an input batch and its logits, the evaluation
images) into DIR. Builds the same sub-networks here as plain torch.nn networks (Conv2d,
BatchNorm2d, Hardswish, Hardsigmoid, AdaptiveAvgPool2d, Linear), refuses to go on unless they
compute DJL's logits, then times both sides in turns, never at the same time (the machine's cores
are shared), at batch 200 with the same number of threads:
  forward:    one inference forward pass of a batch (PyTorch: model.eval() under torch.no_grad())
  evaluation: the whole protocol: BN statistics recomputed over the 2,000 calibration images in
              train mode (PyTorch: reset_running_stats, momentum=None), then accuracy and
              cross-entropy on the 5,000 validation images in eval mode
PyTorch runs twice: as plain eager code in its default NCHW memory, and with the model and inputs in
channels-last memory (which DJL's side uses, see ChannelsLast.java); the faster of the two is the
reference for each network, and both are printed.
Each round times every network on every side (the order rotates); on a machine whose cores are
shared, waiting for a core only ever adds time, so the table shows each side's fastest repetition
over all rounds, as images/s and GFLOP/s (2 x MACs per image), with the spread of the repetitions.
A network whose PyTorch logits differ from DJL's is refused, unless ALLOW_MISMATCH names it
(comma-separated); then it is timed and marked in the table.
"""
import copy
import json
import os
import subprocess
import sys
import time

BATCH = 200


def load_json(path):
    with open(path) as f:
        return json.load(f)


def build(desc, weights):
    import torch
    from torch import nn

    tensors = {}
    offset = 0
    for t in desc["tensors"]:
        n = 1
        for d in t["shape"]:
            n *= d
        tensors[t["name"]] = torch.from_numpy(weights[offset:offset + n].copy()).reshape(t["shape"])
        offset += n
    assert offset == len(weights), "weights file does not match the tensor list"
    used = set()

    def take(name):
        used.add(name)
        return tensors[name]

    def act(name):
        return nn.ReLU(inplace=True) if name == "relu" else nn.Hardswish(inplace=True)

    def conv(name, cin, cout, k, stride=1, groups=1, bias=False):
        c = nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=bias)
        c.weight.data.copy_(take(name + ".weight"))
        if bias:
            c.bias.data.copy_(take(name + ".bias"))
        return c

    def bn(name, c):
        b = nn.BatchNorm2d(c, eps=1e-5, momentum=0.1)
        b.weight.data.copy_(take(name + ".gamma"))
        b.bias.data.copy_(take(name + ".beta"))
        b.running_mean.copy_(take(name + ".running_mean"))
        b.running_var.copy_(take(name + ".running_var"))
        return b

    class SqueezeExcite(nn.Module):
        def __init__(self, name, mid, se):
            super().__init__()
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.reduce = conv(name + ".reduce", mid, se, 1, bias=True)
            self.relu = nn.ReLU(inplace=True)
            self.expand = conv(name + ".expand", se, mid, 1, bias=True)
            self.gate = nn.Hardsigmoid(inplace=True)

        def forward(self, x):
            return x * self.gate(self.expand(self.relu(self.reduce(self.pool(x)))))

    class MBConv(nn.Module):
        def __init__(self, b):
            super().__init__()
            p = b["name"]
            layers = [conv(p + ".expand.conv", b["in"], b["mid"], 1), bn(p + ".expand.bn", b["mid"]), act(b["activation"]),
                      conv(p + ".depthwise.conv", b["mid"], b["mid"], b["kernel"], b["stride"], groups=b["mid"]),
                      bn(p + ".depthwise.bn", b["mid"]), act(b["activation"])]
            if b["se"] > 0:
                layers.append(SqueezeExcite(p + ".se", b["mid"], b["se"]))
            layers += [conv(p + ".project.conv", b["mid"], b["out"], 1), bn(p + ".project.bn", b["out"])]
            self.body = nn.Sequential(*layers)
            self.residual = b["residual"]

        def forward(self, x):
            return x + self.body(x) if self.residual else self.body(x)

    stem = desc["stem"]
    head = desc["head"]
    last = desc["blocks"][-1]["out"]
    model = nn.Sequential(
        conv("stem.conv", desc["in_channels"], stem["channels"], stem["kernel"], stem["stride"]),
        bn("stem.bn", stem["channels"]), act(stem["activation"]),
        *[MBConv(b) for b in desc["blocks"]],
        conv("head.conv", last, head["channels"], 1), bn("head.bn", head["channels"]), act(head["activation"]),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(head["channels"], desc["classes"]))
    model[-1].weight.data.copy_(take("head.classifier.weight"))
    model[-1].bias.data.copy_(take("head.classifier.bias"))
    assert used == set(tensors), "unused tensors: %s" % (set(tensors) - used)
    return model.eval()


def timed(reps, fn):
    fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def self_times_of_trace(path):
    """Self time per op name (microseconds, summed) from libtorch's Chrome trace: an op's own time, its callees' excluded."""
    with open(path) as f:
        data = json.load(f)
    events = [e for e in (data["traceEvents"] if isinstance(data, dict) else data) if e.get("ph") == "X"]
    totals = {}
    by_thread = {}
    for e in events:
        by_thread.setdefault(e.get("tid"), []).append(e)
    for thread_events in by_thread.values():
        thread_events.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []
        for e in thread_events:
            start, end = float(e["ts"]), float(e["ts"]) + float(e["dur"])
            while stack and stack[-1][1] <= start:
                stack.pop()
            if stack:  # the enclosing op's self time excludes this callee
                totals[stack[-1][0]] = totals.get(stack[-1][0], 0.0) - float(e["dur"])
            totals[e["name"]] = totals.get(e["name"], 0.0) + float(e["dur"])
            stack.append((e["name"], end))
    return totals


def torch_self_times(forward, reps):
    import torch
    forward()
    with torch.autograd.profiler.profile() as prof:
        for _ in range(reps):
            forward()
    return {a.key: a.self_cpu_time_total for a in prof.key_averages()}


def print_profile(name, reps, sides):
    """Self time per op and forward pass (ms), the ops that take most time on any side first."""
    print()
    print("%s: self time per forward pass (ms) by op, libtorch's profiler on both sides (%d passes each)" % (name, reps))
    print("%-40s" % "op" + "".join("%12s" % side for side in sides))
    ops = set().union(*sides.values())
    ranked = sorted(ops, key=lambda op: -max(t.get(op, 0.0) for t in sides.values()))
    for op in ranked[:14]:
        print("%-40s" % op[:40] + "".join("%12.3f" % (t.get(op, 0.0) / reps / 1e3) for t in sides.values()))
    print("%-40s" % "total" + "".join("%12.3f" % (sum(t.values()) / reps / 1e3) for t in sides.values()))


class JavaSide:
    def __init__(self, command):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        for line in self.process.stdout:
            if line.startswith("BENCH ready"):
                return
            print("  java: " + line.rstrip())
        sys.exit("the Java side ended before it was ready (exit %s)" % self.process.wait())

    def ask(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            if line.startswith("BENCH "):
                return [float(v) for v in line.split()[1:]]
            print("  java: " + line.rstrip())
        sys.exit("the Java side ended during '%s' (exit %s)" % (command, self.process.wait()))

    def close(self):
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        self.process.wait(timeout=60)


def main(directory, threads, rounds, forward_reps, evaluation_reps, java_command):
    import numpy as np
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(threads)
    allowed_mismatch = set(filter(None, os.environ.get("ALLOW_MISMATCH", "").split(",")))
    mismatched = {}
    java = JavaSide(java_command)
    setup = load_json(os.path.join(directory, "djl.json"))
    labels = torch.from_numpy(np.fromfile(os.path.join(directory, "validation.labels.bin"), dtype=np.uint8).astype(np.int64))
    torch_side = {}
    for net in setup["networks"]:
        name = net["name"]
        desc = load_json(os.path.join(directory, name + ".json"))
        model = build(desc, np.fromfile(os.path.join(directory, name + ".weights.bin"), dtype="<f4"))
        r = desc["resolution"]
        x = torch.from_numpy(np.fromfile(os.path.join(directory, name + ".input.bin"), dtype="<f4")).reshape(BATCH, 1, r, r)
        expected = torch.from_numpy(np.fromfile(os.path.join(directory, name + ".logits.bin"), dtype="<f4")).reshape(BATCH, -1)
        with torch.no_grad():
            diff = (model(x) - expected).abs().max().item()
        scale = expected.abs().max().item()
        if diff > 1e-4 * max(1.0, scale):
            if name not in allowed_mismatch:
                sys.exit("%s: the PyTorch network computes other logits than DJL (max diff %g at scale %g); "
                         "ALLOW_MISMATCH=%s times it anyway (the table marks it)" % (name, diff, scale, name))
            mismatched[name] = diff
            print("%-8s %s  %.2fM MACs  OTHER logits than DJL (max |diff| %.2g at scale %.2g), timed anyway (ALLOW_MISMATCH)"
                  % (name, net["architecture"], net["macs"] / 1e6, diff, scale))
        else:
            print("%-8s %s  %.2fM MACs  same logits as DJL (max |diff| %.1e at scale %.1f)"
                  % (name, net["architecture"], net["macs"] / 1e6, diff, scale))
        calibration = torch.from_numpy(np.fromfile(os.path.join(directory, "r%d.calibration.bin" % r), dtype="<f4")).reshape(-1, 1, r, r)
        validation = torch.from_numpy(np.fromfile(os.path.join(directory, "r%d.validation.bin" % r), dtype="<f4")).reshape(-1, 1, r, r)
        bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]

        def forward(model=model, x=x):
            with torch.no_grad():
                model(x)

        def evaluation(model=model, bns=bns, calibration=calibration, validation=validation, labels=labels):
            with torch.no_grad():
                for m in bns:
                    m.reset_running_stats()
                    m.momentum = None
                model.train()
                for i in range(0, len(calibration), BATCH):
                    model(calibration[i:i + BATCH])
                model.eval()
                correct, loss = 0, 0.0
                for i in range(0, len(validation), BATCH):
                    out = model(validation[i:i + BATCH])
                    y = labels[i:i + BATCH]
                    loss += F.cross_entropy(out, y, reduction="sum").item()
                    correct += (out.argmax(1) == y).sum().item()
            return correct, loss

        model_cl = copy.deepcopy(model).to(memory_format=torch.channels_last)
        x_cl = x.contiguous(memory_format=torch.channels_last)
        with torch.no_grad():
            layouts = (model_cl(x_cl) - model(x)).abs().max().item()
        if layouts > 1e-4 * max(1.0, scale):
            sys.exit("%s: PyTorch computes other logits in channels-last memory than in NCHW (max diff %g)" % (name, layouts))
        calibration_cl = calibration.contiguous(memory_format=torch.channels_last)
        validation_cl = validation.contiguous(memory_format=torch.channels_last)
        bns_cl = [m for m in model_cl.modules() if isinstance(m, torch.nn.BatchNorm2d)]

        torch_side[name] = {"forward": forward, "evaluate": evaluation,
                            "forward_cl": lambda m=model_cl, x=x_cl: forward(m, x),
                            "evaluate_cl": lambda m=model_cl, b=bns_cl, c=calibration_cl, v=validation_cl: evaluation(m, b, c, v)}

    results = {}
    for round_ in range(rounds):
        for net in setup["networks"]:
            name = net["name"]
            for kind, reps in (("forward", forward_reps), ("evaluate", evaluation_reps)):
                sides = [("djl", lambda: java.ask("%s %s %d" % (kind, name, reps))),
                         ("torch", lambda: timed(reps, torch_side[name][kind])),
                         ("torch_cl", lambda: timed(reps, torch_side[name][kind + "_cl"]))]
                sides = sides[round_ % 3:] + sides[:round_ % 3]
                for side, run in sides:
                    results.setdefault((name, kind, side), []).extend(run())
        print("round %d of %d done" % (round_ + 1, rounds))
    profile_reps = int(os.environ.get("PROFILE", "0"))
    if profile_reps > 0:
        for net in setup["networks"]:
            name = net["name"]
            trace = os.path.join(directory, name + ".djl-trace.json")
            java.ask("profile %s %d %s" % (name, profile_reps, trace))
            print_profile(name, profile_reps, {"DJL": self_times_of_trace(trace),
                                               "PT NCHW": torch_self_times(torch_side[name]["forward"], profile_reps),
                                               "PT ch-last": torch_self_times(torch_side[name]["forward_cl"], profile_reps)})
    java.close()

    print()
    print("batch %d, %d thread(s), data: %s; %s vs PyTorch %s eager (NCHW and channels-last memory); sides alternate;"
          " %d rounds x %d (forward) / %d (evaluation) repetitions per side" % (BATCH, threads, setup["data"], setup["engine"],
                                                                              torch.__version__, rounds, forward_reps,
                                                                              evaluation_reps))
    print("images/s of the fastest repetition (GFLOP/s = 2 x MACs x images/s); spread: slowest..median of all repetitions;"
          " ratio = DJL / the faster PyTorch layout")
    for kind, title in (("forward", "forward pass (inference)"),
                        ("evaluate", "whole evaluation (BN re-calibration on 2,000 images + accuracy on 5,000)")):
        print()
        print(title)
        print("%-9s %7s | %-32s | %-32s | %-32s | %s" % ("network", "MACs", "DJL (this code)", "PyTorch NCHW",
                                                         "PyTorch channels-last", "DJL / best PyTorch"))
        for net in setup["networks"]:
            name = net["name"]
            images = BATCH if kind == "forward" else net["evaluation_images"]
            g = 2 * net["macs"] / 1e9
            cells, best = [], {}
            for side in ("djl", "torch", "torch_cl"):
                rates = sorted(images / t for t in results[(name, kind, side)])
                best[side] = rates[-1]
                cells.append("%7.0f %6.2f GF (%6.0f..%6.0f)" % (rates[-1], rates[-1] * g, rates[0], rates[len(rates) // 2]))
            layout = "NCHW" if best["torch"] >= best["torch_cl"] else "channels-last"
            reference = max(best["torch"], best["torch_cl"])
            note = "  [logits differ: max |diff| %.2g]" % mismatched[name] if name in mismatched else ""
            print("%-9s %6.2fM | %s | %s | %s | %5.2fx vs %s%s" % (name, net["macs"] / 1e6, cells[0], cells[1], cells[2],
                                                                 best["djl"] / reference, layout, note))


if __name__ == "__main__":
    if len(sys.argv) < 8 or sys.argv[6] != "--":
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[7:])
