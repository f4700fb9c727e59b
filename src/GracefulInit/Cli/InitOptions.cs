using GracefulInit.Hooks;
using GracefulInit.Signals;

namespace GracefulInit.Cli;

internal enum LogFormat { Text, Json }

/// <summary>Everything the command line and the environment said, parsed once. Immutable.</summary>
internal sealed record InitOptions
{
    /// <summary>The command and its arguments as .NET decoded them (for logs and as a fallback).</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Where the command starts in Main's args, to take its words as raw bytes from /proc/self/cmdline.</summary>
    public required int CommandIndex { get; init; }

    public IReadOnlyList<(int From, int To)> RewriteRules { get; init; } = [];
    public bool SingleChild { get; init; }
    public bool Verbose { get; init; }
    public bool Quiet { get; init; }
    public bool Subreaper { get; init; }
    public bool ProcessGroup { get; init; }
    public IReadOnlySet<int> RemapExit { get; init; } = new HashSet<int>();
    public int? PdeathSignal { get; init; }

    public IReadOnlyList<IPreStopHook> PreStop { get; init; } = [];
    public IReadOnlySet<int> StopSignals { get; init; } = new HashSet<int> { Signal.TERM };
    public IReadOnlyList<string>? StopExec { get; init; }
    public TimeSpan? StopTimeout { get; init; }
    public TimeSpan? GracePeriod { get; init; }
    public string? DrainFile { get; init; }
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>Session mode (dumb-init's default): the child leads its own process group and signals go to the group.</summary>
    public bool SessionMode => !SingleChild;

    /// <summary>Signals go to the child's process group, not just the child.</summary>
    public bool SignalsGroup => SessionMode || ProcessGroup;

    public RewriteTable Rewrites => _rewrites ??= RewriteTable.Build(RewriteRules, SessionMode);
    private RewriteTable? _rewrites;

    /// <summary>True when the user configured any part of the graceful stop: its steps are then logged by default.</summary>
    public bool HasShutdownPlan =>
        PreStop.Count > 0 || StopExec != null || StopTimeout != null || GracePeriod != null || DrainFile != null;

    /// <summary>Exit code graceful-init reports for the child's code (--remap-exit).</summary>
    public int RemapExitCode(int code) => RemapExit.Contains(code) ? 0 : code;
}
