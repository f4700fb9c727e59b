using System.Diagnostics;
using System.Globalization;
using System.Text;
using GracefulInit.Cli;

namespace GracefulInit.Hooks;

/// <summary>
/// http:URL / https:URL — send one GET, log the status line; any outcome lets the sequence go on.
/// </summary>
internal sealed class HttpHook(string scheme, string host, int port, string path) : IPreStopHook
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public string Scheme { get; } = scheme;
    public string Host { get; } = host;
    public int Port { get; } = port;
    public string Path { get; } = path;
    public string Spec => $"{Scheme}://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}{Path}";
    public TimeSpan? PlannedDuration => null;

    /// <summary>Accepts "http://host[:port]/path" and the same behind the hook prefix ("http:http://...").</summary>
    public static HttpHook Parse(string spec)
    {
        var text = spec.StartsWith("http:http", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("https:http", StringComparison.OrdinalIgnoreCase)
            ? spec[(spec.IndexOf(':') + 1)..]
            : spec;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = separator < 0 ? "" : text[..separator].ToLowerInvariant();
        if (scheme is not ("http" or "https")) throw new UsageException($"'{spec}' is not an http:// or https:// URL");

        var rest = text[(separator + 3)..];
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "/" : rest[slash..];
        var port = scheme == "https" ? 443 : 80;
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0) throw new UsageException($"'{spec}': unterminated [ in the host");
            host = authority[1..close];
            authority = authority[(close + 1)..];
            if (authority.Length > 0 && authority[0] != ':') throw new UsageException($"'{spec}': bad host");
            if (authority.Length > 0) port = ParsePort(authority[1..], spec);
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            if (colon >= 0) port = ParsePort(authority[(colon + 1)..], spec);
        }
        if (host.Length == 0 || host.Contains('@')) throw new UsageException($"'{spec}' has no usable host");
        return new HttpHook(scheme, host, port, path);
    }

    private static int ParsePort(string text, string spec) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new UsageException($"'{spec}': '{text}' is not a port");

    public string Run(HookContext context)
    {
        var timeout = context.Within(DefaultTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var connection = HttpConnection.Open(Host, Port, Scheme == "https", timeout);
            var hostHeader = Host.Contains(':') ? $"[{Host}]" : Host;
            connection.Send(Encoding.ASCII.GetBytes($"GET {Path} HTTP/1.1\r\nHost: {hostHeader}:{Port}\r\nUser-Agent: graceful-init\r\nConnection: close\r\n\r\n"));
            return $"GET answered '{connection.ReadStatusLine()}' after {Duration.Format(clock.Elapsed)}";
        }
        catch (IOException e)
        {
            return $"GET failed after {Duration.Format(clock.Elapsed)}: {e.Message}";
        }
    }
}
