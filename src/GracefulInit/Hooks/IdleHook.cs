using System.Globalization;
using GracefulInit.Cli;

namespace GracefulInit.Hooks;

/// <summary>
/// idle:PORT[,quiet=D][,max=D] — an adaptive delay: it ends once no new TCP connection to local PORT has shown
/// up in the kernel's socket tables for the quiet period (the load balancer has stopped sending), or at max.
/// </summary>
internal sealed class IdleHook(int port, TimeSpan quiet, TimeSpan max) : IPreStopHook
{
    public static readonly TimeSpan DefaultQuiet = TimeSpan.FromSeconds(2), DefaultMax = TimeSpan.FromSeconds(30);

    /// <summary>Often enough to see short connections before they leave the table; this runs only during shutdown.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private static readonly string[] Tables = ["/proc/net/tcp", "/proc/net/tcp6"];

    public int Port { get; } = port;
    public TimeSpan Quiet { get; } = quiet;
    public TimeSpan Max { get; } = max;
    public string Spec => $"idle:{Port},quiet={Duration.Format(Quiet)},max={Duration.Format(Max)}";
    public TimeSpan? PlannedDuration => Max;

    public static IdleHook Parse(string text)
    {
        var parts = text.Split(',');
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new UsageException($"idle: needs a TCP port 1-65535, got '{parts[0]}'");
        TimeSpan quiet = DefaultQuiet, max = DefaultMax;
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            var key = eq < 0 ? part : part[..eq];
            if (eq < 0 || key is not ("quiet" or "max"))
                throw new UsageException($"idle: unknown setting '{part}' (expected quiet=DURATION or max=DURATION)");
            if (!Duration.TryParse(part[(eq + 1)..], out var value))
                throw new UsageException($"idle: '{part[(eq + 1)..]}' is not a duration (30s, 1500ms, 2m)");
            if (key == "quiet") quiet = value; else max = value;
        }
        return new IdleHook(port, quiet, max);
    }

    public string Run(HookContext context)
    {
        var limit = context.Within(Max);
        var started = DateTime.UtcNow;
        var lastActivity = started;
        var seen = Snapshot();
        var newConnections = 0;
        while (!context.ChildExited.IsCancellationRequested)
        {
            var now = DateTime.UtcNow;
            if (now - lastActivity >= Quiet)
                return $"no new connection on port {Port} for {Duration.Format(Quiet)} ({newConnections} seen) after {Duration.Format(now - started)}";
            if (now - started >= limit)
                return $"still getting connections on port {Port} ({newConnections} seen): stopped waiting at {Duration.Format(limit)}";
            var remaining = limit - (now - started);
            context.ChildExited.WaitHandle.WaitOne(remaining < PollInterval ? remaining : PollInterval);
            var current = Snapshot();
            var added = current.Count(c => !seen.Contains(c));
            if (added > 0) { newConnections += added; lastActivity = DateTime.UtcNow; }
            seen = current;
        }
        return "the child exited";
    }

    private HashSet<string> Snapshot()
    {
        var connections = new HashSet<string>();
        foreach (var table in Tables)
        {
            try { ConnectionsOnPort(File.ReadAllText(table), Port, connections); }
            catch (IOException) { /* no IPv6, or no /proc: nothing to see there */ }
            catch (UnauthorizedAccessException) { }
        }
        return connections;
    }

    /// <summary>Adds "local remote" for each socket on local <paramref name="port"/> that is not listening.
    /// Connections are kept through TIME_WAIT, so even short ones are seen.</summary>
    public static void ConnectionsOnPort(string table, int port, HashSet<string> into)
    {
        const string Listen = "0A";
        foreach (var line in table.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] == Listen) continue;
            var colon = fields[1].LastIndexOf(':');
            if (colon < 0 || !int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var localPort)) continue;
            if (localPort == port) into.Add(fields[1] + " " + fields[2]);
        }
    }
}
