using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using GracefulInit.Cli;

namespace GracefulInit.Hooks;

/// <summary>
/// http:URL / https:URL — send one GET and log the status line. A small HTTP/1.1 client of its own: HttpClient
/// would cost megabytes in a binary that is copied into every image.
/// </summary>
internal sealed class HttpHook(Uri url) : IPreStopHook
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public Uri Url { get; } = url;
    public string Spec => Url.OriginalString;
    public TimeSpan? PlannedDuration => null;

    public static HttpHook Parse(string spec)
    {
        // Both "http://host/x" and "http:http://host/x" are accepted.
        var text = spec.StartsWith("http:http", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("https:http", StringComparison.OrdinalIgnoreCase)
            ? spec[(spec.IndexOf(':') + 1)..]
            : spec;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            throw new UsageException($"'{spec}' is not an http:// or https:// URL");
        return new HttpHook(url);
    }

    public string Run(HookContext context)
    {
        var timeout = DefaultTimeout < context.Budget ? DefaultTimeout : context.Budget;
        var clock = Stopwatch.StartNew();
        try
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(context.ChildExited);
            timeoutSource.CancelAfter(timeout);
            var status = GetStatusLineAsync(timeoutSource.Token).GetAwaiter().GetResult();
            return $"GET answered '{status}' after {Duration.Format(clock.Elapsed)}";
        }
        catch (OperationCanceledException)
        {
            return $"GET gave no answer within {Duration.Format(timeout)}";
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            return $"GET failed: {e.Message}";
        }
    }

    private async Task<string> GetStatusLineAsync(CancellationToken cancel)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Url.DnsSafeHost, Url.Port, cancel).ConfigureAwait(false);
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        if (Url.Scheme == "https")
        {
            var tls = new SslStream(stream);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = Url.IdnHost }, cancel).ConfigureAwait(false);
            stream = tls;
        }
        await using (stream.ConfigureAwait(false))
        {
            var request = $"GET {Url.PathAndQuery} HTTP/1.1\r\nHost: {Url.Authority}\r\nUser-Agent: graceful-init\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancel).ConfigureAwait(false);
            var buffer = new byte[512];
            var length = 0;
            while (length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancel).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (Array.IndexOf(buffer, (byte)'\n', 0, length) >= 0) break;
            }
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOfAny(['\r', '\n']);
            if (length == 0) throw new IOException("connection closed without an answer");
            return end >= 0 ? text[..end] : text;
        }
    }
}
