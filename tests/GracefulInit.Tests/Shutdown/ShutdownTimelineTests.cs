using GracefulInit.Cli;
using GracefulInit.Hooks;
using GracefulInit.Shutdown;

namespace GracefulInit.Tests.Shutdown;

public class ShutdownTimelineTests
{
    private static InitOptions Options(TimeSpan? grace, TimeSpan? stopTimeout, params IPreStopHook[] hooks) =>
        new() { Command = ["app"], CommandIndex = 0, GracePeriod = grace, StopTimeout = stopTimeout, PreStop = hooks };

    [Fact]
    public void Without_a_grace_period_nothing_is_squeezed_and_there_is_no_final_kill()
    {
        var timeline = ShutdownTimeline.For(Options(null, null, new DelayHook(TimeSpan.FromSeconds(30))));
        Assert.Equal(ShutdownTimeline.NoLimit, timeline.PreStopBudget);
        Assert.Null(timeline.StopTimeout);
        Assert.Null(timeline.KillAt);
    }

    [Fact]
    public void The_readme_example_fits_and_keeps_its_numbers()
    {
        // --pre-stop-delay 30s --stop-timeout 20s --grace-period 60s
        var options = Options(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20), new DelayHook(TimeSpan.FromSeconds(30)));
        var timeline = ShutdownTimeline.For(options);
        Assert.Null(ShutdownTimeline.FitWarning(options));
        Assert.Equal(TimeSpan.FromSeconds(59), timeline.KillAt);
        Assert.Equal(TimeSpan.FromSeconds(39), timeline.PreStopBudget);
        Assert.True(timeline.PreStopBudget >= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_delay_longer_than_the_grace_period_is_cut_to_leave_the_app_time_to_stop()
    {
        var options = Options(TimeSpan.FromSeconds(5), null, new DelayHook(TimeSpan.FromSeconds(30)));
        var timeline = ShutdownTimeline.For(options);
        Assert.NotNull(ShutdownTimeline.FitWarning(options));
        Assert.Equal(TimeSpan.FromSeconds(4), timeline.KillAt);
        Assert.Equal(TimeSpan.FromSeconds(2), timeline.PreStopBudget); // half kept for the stop
    }

    [Fact]
    public void Idle_max_and_stop_timeout_count_toward_the_fit_exec_hooks_do_not()
    {
        var options = Options(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10),
            new IdleHook(80, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(9)), new ExecHook(["true"]));
        Assert.Equal(TimeSpan.FromSeconds(19), ShutdownTimeline.Planned(options));
        Assert.Null(ShutdownTimeline.FitWarning(options));
        Assert.NotNull(ShutdownTimeline.FitWarning(options with { GracePeriod = TimeSpan.FromSeconds(19) }));
    }
}
