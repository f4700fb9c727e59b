using System.Globalization;

namespace GracefulInit.Cli;

/// <summary>Durations as users write them: "30s", "1500ms", "2m", "1h", or a bare number of seconds.</summary>
internal static class Duration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var s = text.Trim();
        double scale;
        if (s.EndsWith("ms", StringComparison.OrdinalIgnoreCase)) { scale = 0.001; s = s[..^2]; }
        else if (s.EndsWith('s') || s.EndsWith('S')) { scale = 1; s = s[..^1]; }
        else if (s.EndsWith('m') || s.EndsWith('M')) { scale = 60; s = s[..^1]; }
        else if (s.EndsWith('h') || s.EndsWith('H')) { scale = 3600; s = s[..^1]; }
        else scale = 1;

        if (s.Length == 0 || !double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return false;
        var seconds = number * scale;
        if (double.IsNaN(seconds) || seconds > TimeSpan.FromDays(365).TotalSeconds) return false;
        value = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        return true;
    }

    /// <summary>Compact form for logs: "30s", "1.5s", "250ms".</summary>
    public static string Format(TimeSpan value) =>
        value.TotalSeconds >= 1 || value == TimeSpan.Zero
            ? value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
            : ((int)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
