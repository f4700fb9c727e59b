using GracefulInit.Tests.Support;

namespace GracefulInit.Tests.Pid1;

public class ChildStateTests
{
    /// <summary>The child (a shell) prints its own signal state, its fds, session, group and directory.</summary>
    private const string Report =
        "grep -E '^Sig(Blk|Ign)' /proc/$$/status; printf 'FDS '; ls /proc/$$/fd | sort -n | tr '\\n' ' '; echo; " +
        "set -- $(cat /proc/$$/stat); echo PID $$ PGRP $5 SID $6; set -- $(cat /proc/1/stat); echo INIT PGRP $5; echo CWD $(pwd)";

    [Fact]
    public void Child_starts_with_no_blocked_or_ignored_signal_even_when_graceful_init_inherited_them()
    {
        using var run = InitRun.Run(["sh", "-c", Report], wrapper: ["python3", Binary.Script("launch.py"), "--block-and-ignore", "--"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("SigBlk:\t0000000000000000", run.Stdout);
        Assert.Contains("SigIgn:\t0000000000000000", run.Stdout);
    }

    [Fact]
    public void Child_gets_exactly_the_inherited_file_descriptors()
    {
        using var run = InitRun.Run(["sh", "-c", Report], wrapper: ["python3", Binary.Script("launch.py"), "--keep-fd", "7", "--"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("FDS 0 1 2 7 \n", run.Stdout);
    }

    [Fact]
    public void Child_leads_a_new_session_in_session_mode_and_keeps_the_working_directory()
    {
        using var scratch = new Scratch();
        // Started from the scratch directory through a shell wrapper: the child must still be there.
        using var inDir = InitRun.Run(["sh", "-c", Report], wrapper: ["sh", "-c", $"cd {scratch.Dir} && exec \"$@\"", "sh"]);
        Assert.Equal(0, inDir.ExitCode);
        Assert.Contains($"CWD {scratch.Dir}\n", inDir.Stdout);
        var ids = inDir.Stdout.Split('\n').Single(l => l.StartsWith("PID ")).Split(' ');
        Assert.Equal(ids[1], ids[3]); // its own group
        Assert.Equal(ids[1], ids[5]); // its own session
    }

    [Fact]
    public void With_single_child_the_child_shares_graceful_inits_group()
    {
        using var run = InitRun.Run(["-c", "sh", "-c", Report]);
        var ids = run.Stdout.Split('\n').Single(l => l.StartsWith("PID ")).Split(' ');
        var init = run.Stdout.Split('\n').Single(l => l.StartsWith("INIT ")).Split(' ');
        Assert.Equal(init[2], ids[3]);
        Assert.NotEqual(ids[1], ids[3]);
    }

    [Fact]
    public void Graceful_init_itself_moves_to_the_root_directory()
    {
        using var scratch = new Scratch();
        using var run = InitRun.Run(["sh", "-c", "readlink /proc/1/cwd"], wrapper: ["sh", "-c", $"cd {scratch.Dir} && exec \"$@\"", "sh"]);
        Assert.Equal("/\n", run.Stdout);
    }
}
