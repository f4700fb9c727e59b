using GracefulInit.Tests.Support;

namespace GracefulInit.Tests.Pid1;

public class TerminalTests
{
    private const string Child =
        "set -- $(cat /proc/$$/stat); echo PGRP $5 TPGID $8; trap 'echo GOT-INT; exit 130' INT; echo READY; " +
        "while :; do sleep 0.1; done";

    [Fact]
    public void On_a_terminal_the_child_is_in_the_foreground_and_ctrl_c_interrupts_it()
    {
        using var run = InitRun.Run(["sh", "-c", Child], wrapper: ["python3", Binary.Script("pty_driver.py")], timeout: TimeSpan.FromSeconds(40));
        var output = run.Stdout;
        var ids = output.Split('\n').Single(l => l.StartsWith("PGRP ")).Trim().Split(' ');
        Assert.Equal(ids[1], ids[3]); // the terminal's foreground group is the child's
        Assert.Contains("GOT-INT", output);
        Assert.Contains("EXIT 130", output);
        Assert.DoesNotContain("\u001b[?1h", output); // no terminal escape codes from the .NET console
    }

    [Fact]
    public void Ctrl_z_stops_the_child_and_graceful_init_and_fg_resumes_both()
    {
        using var run = InitRun.Run([], pid1: false, wrapper: ["python3", Binary.Script("pty_jobcontrol.py")], timeout: TimeSpan.FromSeconds(60));
        Assert.Contains("STOPPED\n", run.Stdout);
        Assert.Contains("RESUMED\n", run.Stdout);
    }
}
