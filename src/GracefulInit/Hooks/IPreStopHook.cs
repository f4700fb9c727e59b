using GracefulInit.Spawning;

namespace GracefulInit.Hooks;

/// <summary>
/// One step of the pre-stop phase. A new kind of step is one class implementing this, plus one case in
/// <see cref="PreStopHooks.Parse"/>.
/// </summary>
internal interface IPreStopHook
{
    /// <summary>The step as the user wrote it ("delay:30s"), for logs.</summary>
    string Spec { get; }

    /// <summary>How long the step means to take at most (a delay, an idle wait's max); null for quick steps.
    /// Used to warn at start-up when the steps cannot fit in --grace-period.</summary>
    TimeSpan? PlannedDuration { get; }

    /// <summary>Runs the step within <see cref="HookContext.Budget"/>; returns the outcome in a few words for the log.
    /// Never throws for a failure of the step itself: a failing hook is logged and the sequence goes on.</summary>
    string Run(HookContext context);
}

/// <summary>What a step may use: its time budget, the signal that the child is gone, and a way to run commands.</summary>
/// <param name="Budget">The most time the step may take (its own limit, squeezed by --grace-period).</param>
/// <param name="ChildExited">Cancelled when the main child exits: the sequence is over.</param>
/// <param name="Commands">Runs hook commands as graceful-init's children.</param>
internal sealed record HookContext(TimeSpan Budget, CancellationToken ChildExited, ICommandRunner Commands)
{
    /// <summary>A step's own limit, cut to the budget.</summary>
    public TimeSpan Within(TimeSpan own) => own < Budget ? own : Budget;
}
