namespace GracefulInit.Signals;

/// <summary>
/// dumb-init's --rewrite table: which signal to send when a given one arrives. 0 means "drop it".
/// In session mode the job-control signals become SIGSTOP unless the user rewrote them.
/// </summary>
internal sealed class RewriteTable
{
    private readonly int[] _map;

    private RewriteTable(int[] map) => _map = map;

    public static RewriteTable Identity { get; } = Build([], sessionMode: false);

    /// <summary>The table for the given user rules ("S:R" already parsed), in session or single-child mode.</summary>
    public static RewriteTable Build(IEnumerable<(int From, int To)> rules, bool sessionMode)
    {
        var map = new int[Signal.Max + 1];
        for (var i = 0; i < map.Length; i++) map[i] = i;
        if (sessionMode)
        {
            // dumb-init: the group is stopped outright, since the child may not be in the terminal's foreground.
            map[Signal.TSTP] = map[Signal.TTIN] = map[Signal.TTOU] = Signal.STOP;
        }
        foreach (var (from, to) in rules) map[from] = to;
        return new RewriteTable(map);
    }

    /// <summary>The signal to send for <paramref name="signal"/>; 0 to send nothing.</summary>
    public int Apply(int signal) => signal is > 0 and <= Signal.Max ? _map[signal] : signal;

    /// <summary>Parses "S:R" with numbers or names; returns an error text, or null when valid.</summary>
    public static string? TryParseRule(string text, out (int From, int To) rule)
    {
        rule = default;
        var colon = text.IndexOf(':');
        if (colon < 0 || text.IndexOf(':', colon + 1) >= 0) return "expected SIGNAL:SIGNAL, e.g. 15:10 or TERM:USR1";
        var fromText = text[..colon];
        var toText = text[(colon + 1)..];
        if (fromText.Length == 0 || toText.Length == 0) return "expected SIGNAL:SIGNAL, e.g. 15:10 or TERM:USR1";
        if (!Signal.TryParse(fromText, out var from) || from == 0) return $"'{fromText}' is not a signal (1-64 or a name)";
        if (from is Signal.KILL or Signal.STOP) return $"{Signal.Name(from)} cannot be caught, so it cannot be rewritten";
        if (!Signal.TryParse(toText, out var to)) return $"'{toText}' is not a signal (0-64 or a name; 0 drops the signal)";
        rule = (from, to);
        return null;
    }
}
