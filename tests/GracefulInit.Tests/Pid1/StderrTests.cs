using GracefulInit.Tests.Support;

namespace GracefulInit.Tests.Pid1;

/// <summary>Logging must never take PID 1 down or hold it up.</summary>
public class StderrTests
{
    [Theory]
    [InlineData("closed")]
    [InlineData("full")]
    public void With_a_broken_stderr_signals_are_still_forwarded_and_the_exit_code_kept(string mode)
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        // -v makes graceful-init log every signal and reaped process: plenty of writes to the broken stderr.
        using var run = InitRun.Start(["-v", .. child.Command("--exit-on", "12=5")],
            wrapper: ["python3", Binary.Script("launch.py"), "--stderr", mode, "--"]);
        child.WaitUntilReady();
        for (var i = 0; i < 50; i++)
        {
            run.Signal(10);
            Eventually.Assert(() => child.Signals.Count == i + 1, "the child to receive USR1 #" + (i + 1));
        }
        run.Signal(12);
        run.WaitForExit(TimeSpan.FromSeconds(30));
        Assert.Equal(5, run.ExitCode);
        Assert.Equal(50, child.Signals.Count(s => s == 10));
    }
}
