#!/usr/bin/env python3
"""Latency benchmark of `gradus server` (a script, not a timed test).

Generates a project of about 50,000 lines (one 2,000-line file, the rest in
1,000-line modules that import each other), starts the server over stdio as
an editor would, and measures:

- cold start: from the `initialized` notification (sent right before the
  `didOpen` of the big file) to the first `publishDiagnostics` for it;
- edit latency: `didChange` (an incremental one-line edit in the middle of the
  2,000-line file, alternating between adding and removing a type error) to
  the `publishDiagnostics` of that version, over N edits (median, p90, max);
- request latency after the edits: hover, completion after `.`, inlay hints
  of the whole file, semantic tokens of the whole file (median of 10 each).

Usage (build the binary first; release for representative figures):

    cargo build --release -p gradus
    python3 crates/gradus_server/benches/lsp_latency.py target/release/gradus

Options: --edits N (default 50), --keep (keep the generated project),
--lines N (total lines, default 50000), --project DIR (reuse a project kept
by --keep), --wrap 'CMD' (a command prefix for the server, to profile it:
--wrap 'perf record --call-graph dwarf -o /tmp/gradus.perf --').

Measure on a quiet machine and report the load (`uptime`) with the figures:
on a loaded 2-core machine the times grow with the load.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import queue

BLOCK = '''\
class Item{m}_{k}:
    """An item of module {m}."""

    def __init__(self, value: int, name: str) -> None:
        self.value = value
        self.name = name

    def total(self, other: int) -> int:
        result = self.value + other
        if result > 10:
            return result - 1
        return result

    def label(self) -> str:
        return self.name.upper() + str(self.value)


def scale_{k}(xs: list[int], factor: int = 2) -> list[int]:
    out = []
    for x in xs:
        out.append(x * factor)
    return out

'''
BLOCK_LINES = BLOCK.count("\n")


def module_text(m, lines, imports):
    header = f'"""Module {m} (generated)."""\n'
    for name in imports:
        header += f"from proj.{name} import Item{name[1:]}_0, scale_0\n"
    header += "\n\n"
    body = []
    count = header.count("\n")
    k = 0
    while count + BLOCK_LINES <= lines:
        body.append(BLOCK.format(m=m, k=k))
        count += BLOCK_LINES
        k += 1
    usage = "".join(
        f"v{i} = Item{name[1:]}_0({i}, 'x').total(1)\n" for i, name in enumerate(imports)
    )
    text = header + "".join(body) + usage
    return text


def generate(root, total_lines):
    os.makedirs(os.path.join(root, "proj"))
    with open(os.path.join(root, "gradus.toml"), "w") as f:
        f.write("")
    with open(os.path.join(root, "proj", "__init__.py"), "w") as f:
        f.write("")
    big = module_text("big", 2000, ["m0", "m1", "m2"])
    with open(os.path.join(root, "proj", "big.py"), "w") as f:
        f.write(big)
    written = big.count("\n")
    m = 0
    while written < total_lines:
        imports = [f"m{j}" for j in range(max(0, m - 2), m)]
        text = module_text(str(m), 1000, imports)
        with open(os.path.join(root, "proj", f"m{m}.py"), "w") as f:
            f.write(text)
        written += text.count("\n")
        m += 1
    return big, written, m + 1


class Server:
    def __init__(self, binary, cwd, wrap=()):
        self.proc = subprocess.Popen(
            [*wrap, binary, "server"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=dict(os.environ, VIRTUAL_ENV=os.path.join(cwd, "no-venv")),
        )
        self.messages = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, message):
        body = json.dumps(message).encode()
        # Timed before the write: the answer may be read (and timestamped by
        # the reader thread) before the write returns.
        sent = time.perf_counter()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return sent

    def notify(self, method, params):
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        sent = self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        at, msg = self.wait(lambda m: m.get("id") == rid and "method" not in m)
        return at - sent, msg

    def wait(self, pred, timeout=120):
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no matching message")
            at, msg = self.messages.get(timeout=left)
            if "id" in msg and "method" in msg:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
                continue
            if pred(msg):
                return at, msg


def stats(values):
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    return statistics.median(values), p90, values[-1]


def ms(x):
    return f"{x * 1000:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gradus", help="path to the gradus binary")
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--lines", type=int, default=50000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--project", help="use this generated project (from --keep)")
    parser.add_argument("--wrap", default="",
                        help="command prefix for the server, e.g. "
                        "'perf record --call-graph dwarf -o /tmp/perf.data --'")
    args = parser.parse_args()

    if args.project:
        root = os.path.realpath(args.project)
        args.keep = True
        with open(os.path.join(root, "proj", "big.py")) as f:
            big = f.read()
        names = [n for n in os.listdir(os.path.join(root, "proj")) if n.endswith(".py")]
        files = len(names)
        lines = sum(open(os.path.join(root, "proj", n)).read().count("\n") for n in names)
    else:
        root = os.path.realpath(tempfile.mkdtemp(prefix="gradus-bench-"))
    try:
        if not args.project:
            big, lines, files = generate(root, args.lines)
        print(f"project: {root} ({files} files, {lines} lines; proj/big.py: {big.count(chr(10))} lines)")
        big_uri = "file://" + os.path.join(root, "proj", "big.py")
        server = Server(os.path.abspath(args.gradus), root, args.wrap.split())
        server.request(
            "initialize",
            {
                "processId": None,
                "rootUri": "file://" + root,
                "capabilities": {},
                "workspaceFolders": [{"uri": "file://" + root, "name": "bench"}],
                "initializationOptions": {"gradus": {"trusted": False}},
            },
        )
        start = server.notify("initialized", {})
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": big_uri, "languageId": "python", "version": 1, "text": big}},
        )
        at, first = server.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == big_uri
        )
        cold = at - start
        print(f"initialized -> first publishDiagnostics: {ms(cold)} "
              f"({len(first['params']['diagnostics'])} diagnostics)")

        # Edits: the `result = self.value + other` line of a block in the middle.
        lines_of = big.split("\n")
        target = next(
            i for i in range(len(lines_of) // 2, len(lines_of))
            if lines_of[i].strip() == "result = self.value + other"
        )
        original = lines_of[target]
        latencies = []
        counts = []
        for n in range(args.edits):
            version = n + 2
            new = (original + ' + "x"') if n % 2 == 0 else (original + f" + {n}")
            old_len = len(lines_of[target])
            lines_of[target] = new
            sent = server.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": big_uri, "version": version},
                    "contentChanges": [{
                        "range": {"start": {"line": target, "character": 0},
                                  "end": {"line": target, "character": old_len}},
                        "text": new,
                    }],
                },
            )
            at, msg = server.wait(
                lambda m: m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == big_uri
                and m["params"].get("version") == version
            )
            latencies.append(at - sent)
            counts.append(len(msg["params"]["diagnostics"]))
        med, p90, worst = stats(latencies)
        print(f"didChange -> publishDiagnostics over {args.edits} edits: "
              f"median {ms(med)}, p90 {ms(p90)}, max {ms(worst)} "
              f"(diagnostics per version: {min(counts)}..{max(counts)})")

        # Requests on the edited file.
        doc = {"uri": big_uri}
        use_line = next(i for i, l in enumerate(lines_of) if l.startswith("v0 = "))
        probes = {
            "hover": ("textDocument/hover",
                      {"textDocument": doc, "position": {"line": target, "character": 10}}),
            "completion after '.'": ("textDocument/completion",
                                     {"textDocument": doc,
                                      "position": {"line": target, "character": 22}}),
            "signature help": ("textDocument/signatureHelp",
                               {"textDocument": doc,
                                "position": {"line": use_line, "character": 15}}),
            "inlay hints (whole file)": ("textDocument/inlayHint",
                                         {"textDocument": doc,
                                          "range": {"start": {"line": 0, "character": 0},
                                                    "end": {"line": len(lines_of), "character": 0}}}),
            "semantic tokens (whole file)": ("textDocument/semanticTokens/full",
                                             {"textDocument": doc}),
            "references (module-level class)": (
                "textDocument/references",
                {"textDocument": doc, "position": {"line": use_line, "character": 6},
                 "context": {"includeDeclaration": True}}),
        }
        for name, (method, params) in probes.items():
            times = []
            for _ in range(10):
                elapsed, msg = server.request(method, params)
                if "error" in msg:
                    print(f"{name}: error {msg['error']}")
                    break
                times.append(elapsed)
            if times:
                med, p90, worst = stats(times)
                print(f"{name}: median {ms(med)}, p90 {ms(p90)}, max {ms(worst)}")

        server.request("shutdown", None)
        server.notify("exit", None)
        server.proc.stdin.close()
        server.proc.wait(timeout=10)
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
