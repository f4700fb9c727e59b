using GracefulInit.Tests.Support;

namespace GracefulInit.Tests.Pid1;

public class ForwardingTests
{
    private const int HUP = 1, INT = 2, QUIT = 3, USR1 = 10, USR2 = 12, ALRM = 14, TERM = 15, CONT = 18, WINCH = 28, RTMIN_3 = 37;
    private static readonly int[] Forwarded = [HUP, INT, QUIT, USR1, USR2, ALRM, TERM, WINCH, CONT, RTMIN_3];

    [Fact]
    public void Every_signal_reaches_the_child_and_its_group_in_session_mode()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(child.Command("--grandchild"));
        child.WaitUntilReady();

        foreach (var signal in Forwarded)
        {
            run.Signal(signal);
            child.WaitFor(signal);
            Eventually.Assert(() => child.GrandchildSignals.Contains(signal), $"the grandchild to receive signal {signal}");
        }
        Assert.Equal(Forwarded, child.Signals);
        Assert.False(run.HasExited);
    }

    [Fact]
    public void With_single_child_only_the_child_gets_signals()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["-c", .. child.Command("--grandchild")]);
        child.WaitUntilReady();

        foreach (var signal in Forwarded)
        {
            run.Signal(signal);
            child.WaitFor(signal);
        }
        Thread.Sleep(300); // give a wrongly forwarded signal the time to land
        Assert.Empty(child.GrandchildSignals);
    }

    [Theory]
    [InlineData("15:10")]
    [InlineData("TERM:USR1")]
    [InlineData("SIGTERM:SIGUSR1")]
    [InlineData("sigterm:usr1")]
    public void Rewrite_turns_TERM_into_USR1(string rule)
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["--rewrite", rule, .. child.Command("--grandchild")]);
        child.WaitUntilReady();

        run.Signal(TERM);
        child.WaitFor(USR1);
        Eventually.Assert(() => child.GrandchildSignals.Contains(USR1), "the grandchild to get USR1");
        Assert.DoesNotContain(TERM, child.Signals);
    }

    [Fact]
    public void Rewrite_to_zero_drops_the_signal_and_the_child_keeps_running()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["--rewrite", "15:0", .. child.Command()]);
        child.WaitUntilReady();

        run.Signal(TERM);
        run.Signal(USR2); // a marker: once it is in, a forwarded TERM would have been too
        child.WaitFor(USR2);
        Thread.Sleep(200);
        Assert.Equal([USR2], child.Signals);
        Assert.False(run.HasExited);
    }

    [Fact]
    public void Several_rewrites_combine()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["-r", "15:10", "--rewrite=INT:USR2", "-rHUP:0", .. child.Command()]);
        child.WaitUntilReady();

        run.Signal(TERM);
        child.WaitFor(USR1);
        run.Signal(HUP);
        run.Signal(INT);
        child.WaitFor(USR2);
        Thread.Sleep(100);
        Assert.Equal([USR1, USR2], child.Signals);
    }

    [Fact]
    public void Rewrite_from_the_environment_works_and_the_command_line_wins()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["-r", "15:12", .. child.Command()],
            new Dictionary<string, string> { ["GRACEFUL_INIT_REWRITE"] = "15:10" });
        child.WaitUntilReady();
        run.Signal(TERM);
        child.WaitFor(USR2);
        Assert.DoesNotContain(USR1, child.Signals);

        var other = new Recorder(scratch, "env");
        using var envRun = InitRun.Start(other.Command(), new Dictionary<string, string> { ["GRACEFUL_INIT_REWRITE"] = "15:10" });
        other.WaitUntilReady();
        envRun.Signal(TERM);
        other.WaitFor(USR1);
    }

    [Fact]
    public void A_burst_of_signals_is_not_lost()
    {
        // Distinct real-time signals queue: every one of them must arrive, however fast they come.
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(child.Command());
        child.WaitUntilReady();
        var signals = Enumerable.Range(35, 29).ToArray(); // SIGRTMIN+1 .. SIGRTMAX
        foreach (var s in signals) run.Signal(s);
        Eventually.Assert(() => signals.All(child.Signals.Contains), "every real-time signal to arrive");
    }

    [Fact]
    public void Stop_signals_choose_what_starts_the_shutdown_and_the_rest_pass_at_once()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["--stop-signals", "INT", "--pre-stop-delay", "1s", .. child.Command("--exit-on", "2=0")]);
        child.WaitUntilReady();
        var sent = Net.Now;
        run.Signal(INT);
        run.Signal(TERM); // not a stop signal here: forwarded at once, during the delay
        child.WaitFor(TERM);
        run.WaitForExit();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([TERM, INT], child.Signals);
        Assert.True(child.Timed.Single(s => s.Signal == INT).Time >= sent + 0.9, "INT went through the 1s delay");
        Assert.Contains("shutdown requested by SIGINT", run.Stderr);
    }

    [Fact]
    public void Parent_death_signal_reaches_graceful_init_and_is_forwarded()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        // The wrapper shell is graceful-init's parent: it exits once the child is ready, and the kernel sends TERM.
        using var run = InitRun.Start(["-s", "-p", "TERM", .. child.Command("--exit-on", "15=0")], pid1: false,
            wrapper: ["sh", "-c", $"\"$@\" & while [ ! -e {child.ReadyFile} ]; do sleep 0.05; done; exit 0", "sh"]);
        child.WaitUntilReady();
        Eventually.Assert(() => child.Signals.Contains(TERM), "the child to get the parent-death TERM");
    }
}
