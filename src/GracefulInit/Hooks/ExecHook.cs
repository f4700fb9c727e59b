using GracefulInit.Cli;

namespace GracefulInit.Hooks;

/// <summary>exec:CMD ARGS — run a command (no shell), bounded by a timeout; its output goes to graceful-init's stderr.</summary>
internal sealed class ExecHook(IReadOnlyList<string> command) : IPreStopHook
{
    /// <summary>A hook that hangs must not hold up the shutdown for ever.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Command { get; } = command;
    public string Spec => "exec:" + string.Join(' ', Command);
    public TimeSpan? PlannedDuration => null;

    public string Run(HookContext context)
    {
        var timeout = context.Within(DefaultTimeout);
        return context.Commands.Run(Command, timeout, context.ChildExited).Describe();
    }

    public static ExecHook Parse(string text)
    {
        var words = CommandWords.Split(text);
        if (words.Count == 0) throw new UsageException("exec: needs a command, e.g. exec:passenger-status");
        return new ExecHook(words);
    }
}
