using GracefulInit.Cli;

namespace GracefulInit.Shutdown;

/// <summary>
/// The time limits of a shutdown, counted from the stop signal. Without --grace-period every step keeps its own
/// limit. With it, graceful-init — not the platform — sends the final SIGKILL, 1s before the deadline; the
/// pre-stop steps get what is left after a reserve for the app to stop (its --stop-timeout, at most half).
/// </summary>
internal sealed record ShutdownTimeline(TimeSpan PreStopBudget, TimeSpan? StopTimeout, TimeSpan? KillAt)
{
    /// <summary>Stands for "no limit" where a wait needs a number (WaitHandle takes at most ~24 days).</summary>
    public static readonly TimeSpan NoLimit = TimeSpan.FromDays(1);

    public static readonly TimeSpan FinalKillMargin = TimeSpan.FromSeconds(1);

    public static ShutdownTimeline For(InitOptions options)
    {
        if (options.GracePeriod is not { } grace) return new ShutdownTimeline(NoLimit, options.StopTimeout, null);
        var killAt = grace - FinalKillMargin;
        var half = killAt / 2;
        var stopReserve = options.StopTimeout is { } stop && stop < half ? stop : half;
        return new ShutdownTimeline(killAt - stopReserve, options.StopTimeout, killAt);
    }

    /// <summary>Total time the configured steps mean to take: delays, idle maxima and the stop timeout.</summary>
    public static TimeSpan Planned(InitOptions options) =>
        options.PreStop.Aggregate(TimeSpan.Zero, (sum, hook) => sum + (hook.PlannedDuration ?? TimeSpan.Zero))
        + (options.StopTimeout ?? TimeSpan.Zero);

    /// <summary>The start-up warning when the steps cannot fit in the grace period; null when they fit.</summary>
    public static string? FitWarning(InitOptions options)
    {
        if (options.GracePeriod is not { } grace) return null;
        var planned = Planned(options);
        var available = grace - FinalKillMargin;
        return planned <= available
            ? null
            : $"the pre-stop steps and stop timeout take up to {Duration.Format(planned)}, more than the {Duration.Format(available)} "
              + $"that --grace-period {Duration.Format(grace)} leaves before the final SIGKILL: they will be shortened at shutdown";
    }

    public string Describe()
    {
        var parts = new List<string>();
        if (PreStopBudget < NoLimit) parts.Add($"pre-stop steps within {Duration.Format(PreStopBudget)}");
        parts.Add(StopTimeout is { } stop ? $"stop timeout {Duration.Format(stop)}" : "no stop timeout");
        if (KillAt is { } kill) parts.Add($"final SIGKILL at the latest at t+{Duration.Format(kill)}");
        return string.Join(", ", parts);
    }
}
