using GracefulInit.Cli;

namespace GracefulInit.Hooks;

/// <summary>Turns a --pre-stop value into its step. Adding a kind of step means adding a case here.</summary>
internal static class PreStopHooks
{
    public const string Forms = "delay:DURATION, exec:CMD ARGS, http://URL, https://URL or idle:PORT[,quiet=D][,max=D]";

    public static IPreStopHook Parse(string spec)
    {
        var colon = spec.IndexOf(':');
        var kind = colon < 0 ? spec : spec[..colon];
        var rest = colon < 0 ? "" : spec[(colon + 1)..];
        return kind.ToLowerInvariant() switch
        {
            "delay" => Duration.TryParse(rest, out var delay)
                ? new DelayHook(delay)
                : throw new UsageException($"delay: '{rest}' is not a duration (30s, 1500ms, 2m)"),
            "exec" => ExecHook.Parse(rest),
            "http" or "https" => HttpHook.Parse(spec),
            "idle" => IdleHook.Parse(rest),
            _ => throw new UsageException($"unknown pre-stop step '{spec}' (expected {Forms})"),
        };
    }
}
