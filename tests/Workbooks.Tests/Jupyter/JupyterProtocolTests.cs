using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Jupyter;

/// <summary>
/// What jupyter_kernel_test does not check, driven through jupyter_client: a message signed with the
/// wrong key is dropped and never executed; interrupt_request on the control channel stops a running
/// cell; stop_on_error aborts the requests queued behind a failure; stdin input_request/input_reply;
/// shutdown ends the process. Also measures start-up (kernel start to kernel_info_reply, first 1+1).
/// </summary>
[Collection(JupyterClients.Collection)]
public sealed class JupyterProtocolTests(ITestOutputHelper output)
{
    private const string Script = """
        import os, sys, time, queue
        from jupyter_client.manager import KernelManager
        from jupyter_client.session import Session

        marker = sys.argv[1]
        started = time.monotonic()
        km = KernelManager(kernel_name=".net-csharp")
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        print(f"FIGURE kernel_info_reply_s {time.monotonic() - started:.2f}")
        t = time.monotonic()
        reply = kc.execute_interactive("1+1", timeout=60, output_hook=lambda m: None)
        assert reply["content"]["status"] == "ok", reply
        print(f"FIGURE first_1plus1_s {time.monotonic() - t:.2f}")
        t = time.monotonic()
        kc.execute_interactive("2+2", timeout=60, output_hook=lambda m: None)
        print(f"FIGURE second_execute_s {time.monotonic() - t:.2f}")

        # 1. A message signed with another key is dropped: the file is never written, the kernel still answers.
        forged = Session(key=b"not-the-key")
        code = f'System.IO.File.WriteAllText(@"{marker}", "executed");'
        forged.send(kc.shell_channel.socket, forged.msg("execute_request", {"code": code, "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))
        reply = kc.execute_interactive("3+3", timeout=60, output_hook=lambda m: None)
        assert reply["content"]["status"] == "ok"
        assert not os.path.exists(marker), "a forged message was executed"
        print("PASS forged_message_dropped")

        # 2. interrupt_request on control (interrupt_mode message) stops a running cell.
        msg_id = kc.execute("await Task.Delay(TimeSpan.FromSeconds(120));")
        while True:
            m = kc.get_iopub_msg(timeout=60)
            if m["msg_type"] == "execute_input" and m["parent_header"].get("msg_id") == msg_id:
                break
        time.sleep(3)
        t = time.monotonic()
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=30)
        assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "error", reply["content"]
        assert reply["content"]["ename"] == "KeyboardInterrupt", reply["content"]
        print(f"PASS interrupt ({time.monotonic() - t:.2f} s)")
        reply = kc.execute_interactive("40 + 2", timeout=60, output_hook=lambda m: None)
        assert reply["content"]["status"] == "ok"

        # 3. stop_on_error: a request queued behind a failing one is aborted, not run.
        failing = kc.execute('await Task.Delay(1000); throw new Exception("first");')
        queued = kc.execute(f'System.IO.File.WriteAllText(@"{marker}", "ran");')
        replies = {}
        while len(replies) < 2:
            m = kc.get_shell_msg(timeout=60)
            replies[m["parent_header"]["msg_id"]] = m["content"]["status"]
        assert replies[failing] == "error" and replies[queued] == "aborted", replies
        assert not os.path.exists(marker)
        print("PASS stop_on_error_aborts_queue")

        # 4. stdin: Console.ReadLine asks the front end.
        got = []
        reply = kc.execute_interactive('var answer = Console.ReadLine(); Console.WriteLine("got " + answer);', timeout=60,
            allow_stdin=True, stdin_hook=lambda m: kc.input("forty-two"),
            output_hook=lambda m: got.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
        assert reply["content"]["status"] == "ok" and "got forty-two" in "".join(got), (reply["content"], got)
        print("PASS stdin_input_request")

        # 5. shutdown_request on control is answered, then the process ends on its own.
        t = time.monotonic()
        kc.shutdown()
        reply = kc.get_control_msg(timeout=30)
        assert reply["msg_type"] == "shutdown_reply" and reply["content"]["restart"] is False, reply
        while km.is_alive() and time.monotonic() - t < 30:
            time.sleep(0.1)
        assert not km.is_alive(), "the kernel did not exit after shutdown_reply"
        print(f"PASS shutdown ({time.monotonic() - t:.2f} s)")
        kc.stop_channels()
        km.cleanup_resources()
        """;

    [SkippableFact]
    public void Signatures_interrupt_abort_stdin_and_shutdown_behave_as_the_protocol_says()
    {
        var python = JupyterClients.RequirePython("jupyter_client");
        var root = JupyterClients.InstallKernelSpec();
        try
        {
            var script = Path.Combine(root, "protocol.py");
            File.WriteAllText(script, Script);
            var marker = Path.Combine(root, "marker.txt");
            var (code, text) = JupyterClients.Run(python, [script, marker], JupyterClients.ClientEnvironment(root), TimeSpan.FromMinutes(4), root);
            output.WriteLine(text);
            Assert.True(code == 0, $"protocol checks failed (exit {code}):\n{text}");
            foreach (var check in new[] { "forged_message_dropped", "interrupt", "stop_on_error_aborts_queue", "stdin_input_request", "shutdown" })
                Assert.Contains("PASS " + check, text);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
