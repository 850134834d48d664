#!/usr/bin/env python3
"""Start-up of the Workbooks Jupyter kernel as a Jupyter client sees it.

Usage (from the repository root, after a build):
    dotnet lib/Workbooks.Cli/bin/Debug/net10.0/workbooks.dll jupyter install --prefix /tmp/wbk
    JUPYTER_PATH=/tmp/wbk/share/jupyter /usr/bin/python3 benchmarks/jupyter_startup.py 5

For each of N starts it prints: start -> kernel_info_reply, start -> first `1+1` result, and a
second execution, in seconds (jupyter_client, Debian's python3-jupyter-client).
"""
import sys
import time

from jupyter_client import KernelManager


def execute(client, code, timeout=120):
    msg_id = client.execute(code)
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            return msg["content"]["data"]["text/plain"]
        if msg["msg_type"] == "error":
            raise RuntimeError(msg["content"]["evalue"])


def one_start(name):
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    client = km.client()
    client.start_channels()
    client.kernel_info()
    client.get_shell_msg(timeout=120)
    info = time.perf_counter() - t0
    assert execute(client, "1+1").strip() == "2"
    first = time.perf_counter() - t0
    t1 = time.perf_counter()
    execute(client, "2+2")
    second = time.perf_counter() - t1
    client.stop_channels()
    km.shutdown_kernel(now=False)
    return info, first, second


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    name = sys.argv[2] if len(sys.argv) > 2 else ".net-csharp"
    for i in range(runs):
        info, first, second = one_start(name)
        print(f"start {i + 1}: kernel_info_reply {info:.2f} s, first 1+1 {first:.2f} s, second execution {second:.3f} s", flush=True)


if __name__ == "__main__":
    main()
