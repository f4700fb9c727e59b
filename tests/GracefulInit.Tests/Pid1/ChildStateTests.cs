using GracefulInit.Tests.Support;

namespace GracefulInit.Tests.Pid1;

/// <summary>
/// The child's state is read from outside (/proc/CHILD) while it sleeps: a reporter of its own would change what it
/// reports (a shell blocks every signal around each fork, Python ignores SIGPIPE and SIGXFSZ at start).
/// </summary>
public class ChildStateTests
{
    private static readonly string[] Sleeper = ["sleep", "60"];

    private static string Line(string status, string name) => status.Split('\n').Single(l => l.StartsWith(name + ":"));

    [Fact]
    public void Child_starts_with_no_blocked_or_ignored_signal_even_when_graceful_init_inherited_them()
    {
        using var run = InitRun.Start(Sleeper, wrapper: ["python3", Binary.Script("launch.py"), "--block-and-ignore", "--"]);
        var status = InitRun.Status(run.ChildPid);
        Assert.Equal("SigBlk:\t0000000000000000", Line(status, "SigBlk"));
        Assert.Equal("SigIgn:\t0000000000000000", Line(status, "SigIgn"));
        // The test really started graceful-init with signals ignored and blocked (it keeps SIGPIPE ignored itself).
        Assert.NotEqual("SigIgn:\t0000000000000000", Line(InitRun.Status(run.InitPid), "SigIgn"));
    }

    [Fact]
    public void Child_gets_exactly_the_inherited_file_descriptors()
    {
        using var run = InitRun.Start(Sleeper, wrapper: ["python3", Binary.Script("launch.py"), "--keep-fd", "7", "--"]);
        var child = run.ChildPid;
        Eventually.Assert(() => File.Exists($"/proc/{child}/fd/0"), "the child's fds");
        var fds = Directory.GetFiles($"/proc/{child}/fd").Select(f => int.Parse(Path.GetFileName(f))).Order().ToList();
        Assert.Equal([0, 1, 2, 7], fds);
        // graceful-init has fds of its own (its copy of stderr at least): none of them leaked.
        Assert.True(Directory.GetFiles($"/proc/{run.InitPid}/fd").Length > 4);
    }

    [Fact]
    public void Child_leads_a_new_session_in_session_mode_and_keeps_the_working_directory()
    {
        using var scratch = new Scratch();
        using var run = InitRun.Start(Sleeper, wrapper: ["sh", "-c", $"cd {scratch.Dir} && exec \"$@\"", "sh"]);
        var child = run.ChildPid;
        var stat = InitRun.Stat(child);
        Assert.Equal(child.ToString(), stat[2]); // its own group
        Assert.Equal(child.ToString(), stat[3]); // its own session
        Assert.Equal(scratch.Dir, new DirectoryInfo($"/proc/{child}/cwd").ResolveLinkTarget(false)!.FullName);
        Assert.Equal("/", new DirectoryInfo($"/proc/{run.InitPid}/cwd").ResolveLinkTarget(false)!.FullName); // graceful-init left it
    }

    [Fact]
    public void With_single_child_the_child_shares_graceful_inits_group_and_session()
    {
        using var run = InitRun.Start(["-c", .. Sleeper]);
        var child = InitRun.Stat(run.ChildPid);
        var init = InitRun.Stat(run.InitPid);
        Assert.Equal(init[2], child[2]);
        Assert.Equal(init[3], child[3]);
    }
}
