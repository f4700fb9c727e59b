using GracefulInit.Reaping;

namespace GracefulInit.Spawning;

/// <summary>Runs a helper command (a hook, --stop-exec) as graceful-init's child and waits for it, bounded.</summary>
internal interface ICommandRunner
{
    /// <summary>Starts the command and waits up to <paramref name="timeout"/>; on time-out its process group is killed.
    /// Stops waiting (without killing it) when <paramref name="cancel"/> fires.</summary>
    CommandOutcome Run(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel);
}

/// <summary>How a helper command ended. <paramref name="Started"/> is false when it could not even be started.</summary>
internal sealed record CommandOutcome(ExitStatus? Status, string? Failure, bool Started = true)
{
    public string Describe() => Failure ?? (Status is { } s ? s.ToString() : "still running, no longer waited for");
}
