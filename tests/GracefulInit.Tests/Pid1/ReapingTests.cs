using GracefulInit.Tests.Support;

namespace GracefulInit.Tests.Pid1;

public class ReapingTests
{
    [Fact]
    public void Orphan_storm_of_5000_leaves_no_zombie_and_keeps_the_exit_code()
    {
        using var scratch = new Scratch();
        var result = scratch.File("zombies");
        using var run = InitRun.Run(["python3", Binary.Script("orphans.py"), "5000", result, "7"], timeout: TimeSpan.FromSeconds(120));
        Assert.Equal(7, run.ExitCode);
        var counts = File.ReadAllText(result).Split(' ').Select(int.Parse).ToList();
        Assert.Equal(5, counts.Count);
        Assert.All(counts, c => Assert.Equal(0, c));
    }

    [Fact]
    public void Processes_left_in_the_group_get_TERM_through_the_rewrite_table_then_graceful_init_exits()
    {
        using var scratch = new Scratch();
        var background = new Recorder(scratch, "background");
        var script = $"{string.Join(' ', background.Command("--exit-on", "10=0"))} & while [ ! -e {background.ReadyFile} ]; do sleep 0.05; done; exit 4";
        using var run = InitRun.Run(["--rewrite", "15:10", "--", "sh", "-c", script]);

        Assert.Equal(4, run.ExitCode);
        Assert.Equal([10], background.Signals);
        Assert.DoesNotContain("SIGKILL", run.Stderr); // it left on its own
    }

    [Fact]
    public void Processes_left_in_the_group_that_ignore_TERM_are_killed_after_the_stop_timeout()
    {
        using var scratch = new Scratch();
        var background = new Recorder(scratch, "background");
        var script = $"{string.Join(' ', background.Command())} & while [ ! -e {background.ReadyFile} ]; do sleep 0.05; done; exit 0";
        using var run = InitRun.Run(["--stop-timeout", "1s", "--", "sh", "-c", script], timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([15], background.Signals);
        Assert.Contains("sending SIGKILL", run.Stderr);
    }

    [Fact]
    public void Not_as_pid_1_a_warning_is_logged_once()
    {
        using var run = InitRun.Run(["sh", "-c", "true"], pid1: false);
        Assert.Equal(0, run.ExitCode);
        Assert.Single(ExitCodeTests.Lines(run.Stderr), l => l.Contains("not running as PID 1"));
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 2)]
    public void As_subreaper_orphans_are_adopted_and_reaped(bool subreaper, int expected)
    {
        // The orphan's parent must become graceful-init (exit 2 otherwise), and once it exits it must be gone, not a
        // zombie (exit 3). Both are polled with generous bounds, so a loaded machine only makes it slower.
        const string script =
            "(sleep 2 & echo $! > \"$0\"); pid=$(cat \"$0\"); i=0; " +
            "until [ \"$(cut -d' ' -f4 /proc/$pid/stat)\" = \"$PPID\" ]; do i=$((i+1)); [ $i -gt 100 ] && exit 2; sleep 0.05; done; " +
            "i=0; while [ -e /proc/$pid ]; do i=$((i+1)); [ $i -gt 200 ] && exit 3; sleep 0.05; done; exit 0";
        using var scratch = new Scratch();
        string[] flags = subreaper ? ["-s"] : [];
        using var run = InitRun.Run([.. flags, "sh", "-c", script, scratch.File("orphan.pid")], pid1: false);
        Assert.Equal(expected, run.ExitCode);
        if (subreaper) Assert.DoesNotContain("not running as PID 1", run.Stderr);
    }

    [Fact]
    public void TINI_SUBREAPER_sets_subreaper_mode()
    {
        using var run = InitRun.Run(["true"], new Dictionary<string, string> { ["TINI_SUBREAPER"] = "1" }, pid1: false);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("not running as PID 1", run.Stderr);
    }
}
