using System.Globalization;

namespace GracefulInit.Signals;

/// <summary>Linux signal numbers and names (x86_64/aarch64 numbering), and parsing of either form.</summary>
internal static class Signal
{
    public const int HUP = 1, INT = 2, QUIT = 3, ILL = 4, TRAP = 5, ABRT = 6, BUS = 7, FPE = 8, KILL = 9, USR1 = 10,
        SEGV = 11, USR2 = 12, PIPE = 13, ALRM = 14, TERM = 15, CHLD = 17, CONT = 18, STOP = 19, TSTP = 20,
        TTIN = 21, TTOU = 22, WINCH = 28, SYS = 31;

    /// <summary>glibc's SIGRTMIN: 32 and 33 are glibc's own (thread cancel, setxid).</summary>
    public const int RTMIN = 34;
    public const int RTMAX = 64;
    public const int Max = 64;

    private static readonly string?[] Names =
    [
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM",
        "PROF", "WINCH", "IO", "PWR", "SYS",
    ];


    /// <summary>Built on first use (logging), not at start-up: a class of its own keeps it out of Signal's static constructor.</summary>
    private static class FullNames
    {
        public static readonly string[] All = Enumerable.Range(0, Max + 1).Select(BuildName).ToArray();
    }

    /// <summary>"SIGTERM", "SIGRTMIN+3", or "SIG33" for the ones without a name.</summary>
    public static string Name(int signal) => signal is >= 0 and <= Max ? FullNames.All[signal] : BuildName(signal);

    private static string BuildName(int signal)
    {
        if (signal > 0 && signal < Names.Length) return "SIG" + Names[signal];
        if (signal == RTMIN) return "SIGRTMIN";
        if (signal == RTMAX) return "SIGRTMAX";
        if (signal > RTMIN && signal < RTMAX) return "SIGRTMIN+" + (signal - RTMIN).ToString(CultureInfo.InvariantCulture);
        return "SIG" + signal.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Parses "15", "TERM", "sigterm", "SIGRTMIN+3", "RTMAX-1". Returns false for anything else or out of 0–64.</summary>
    public static bool TryParse(string text, out int signal)
    {
        signal = 0;
        var s = text.Trim();
        if (s.Length == 0) return false;
        if (s.All(char.IsAsciiDigit))
            return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out signal) && signal <= Max;

        if (s.StartsWith("SIG", StringComparison.OrdinalIgnoreCase)) s = s[3..];
        for (var i = 1; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], s, StringComparison.OrdinalIgnoreCase)) { signal = i; return true; }
        }
        signal = s.ToUpperInvariant() switch { "IOT" => ABRT, "POLL" => 29, "CLD" => CHLD, "UNUSED" => SYS, _ => 0 };
        if (signal != 0) return true;
        return TryParseRealtime(s, out signal);
    }

    private static bool TryParseRealtime(string s, out int signal)
    {
        signal = 0;
        int baseSignal, sign;
        if (s.StartsWith("RTMIN", StringComparison.OrdinalIgnoreCase)) { baseSignal = RTMIN; sign = 1; }
        else if (s.StartsWith("RTMAX", StringComparison.OrdinalIgnoreCase)) { baseSignal = RTMAX; sign = -1; }
        else return false;

        var rest = s[5..];
        if (rest.Length == 0) { signal = baseSignal; return true; }
        if (rest[0] != (sign > 0 ? '+' : '-') || rest.Length == 1 || !rest[1..].All(char.IsAsciiDigit)) return false;
        if (!int.TryParse(rest[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)) return false;
        signal = baseSignal + sign * offset;
        return signal >= RTMIN && signal <= RTMAX;
    }

    /// <summary>Signals the kernel raises for a fault in the process itself: never forwarded.</summary>
    public static bool IsFault(int signal) => signal is ILL or TRAP or BUS or FPE or SEGV;

    /// <summary>
    /// Signals graceful-init waits for and forwards: every catchable one except the faults, SIGCHLD (reaping),
    /// and 32–34 (glibc's own and native AOT's GC activation signal, which must keep its handler).
    /// </summary>
    public static bool IsForwardable(int signal) =>
        signal is >= 1 and <= Max && signal != KILL && signal != STOP && signal != CHLD && !IsFault(signal)
        && signal is not (32 or 33 or RTMIN);
}
