using System.Globalization;
using System.Text;
using GracefulInit.Cli;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace GracefulInit.Logging;

/// <summary>
/// Serilog sink that formats an event as one line — "[graceful-init] ..." or one JSON object — and hands it to
/// <see cref="Stderr"/>. It never touches System.Console (as PID 1 on a terminal that would install the runtime's
/// SIGCHLD handling and steal exit statuses).
/// </summary>
internal sealed class StderrSink(LogFormat format) : ILogEventSink
{
    private static readonly JsonValueFormatter JsonValues = new(typeTagName: null);

    public void Emit(LogEvent logEvent) =>
        Stderr.WriteLine(format == LogFormat.Json ? FormatJson(logEvent) : FormatText(logEvent));

    public static string FormatText(LogEvent logEvent)
    {
        var prefix = logEvent.Level switch
        {
            >= LogEventLevel.Error => "[graceful-init] error: ",
            LogEventLevel.Warning => "[graceful-init] warning: ",
            _ => "[graceful-init] ",
        };
        return prefix + RenderMessage(logEvent);
    }

    public static string FormatJson(LogEvent logEvent)
    {
        var json = new StringWriter(CultureInfo.InvariantCulture);
        json.Write("{\"timestamp\":\"");
        json.Write(logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.Write("\",\"level\":\"");
        json.Write(LevelName(logEvent.Level));
        json.Write("\",\"message\":");
        JsonValueFormatter.WriteQuotedJsonString(RenderMessage(logEvent), json);
        foreach (var (name, value) in logEvent.Properties)
        {
            json.Write(',');
            JsonValueFormatter.WriteQuotedJsonString(name, json);
            json.Write(':');
            JsonValues.Format(value, json);
        }
        json.Write('}');
        return json.ToString();
    }

    private static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => "debug",
        LogEventLevel.Information => "info",
        LogEventLevel.Warning => "warning",
        _ => "error",
    };

    /// <summary>The message with its properties filled in as plain text (Serilog's own rendering quotes strings).</summary>
    private static string RenderMessage(LogEvent logEvent)
    {
        var text = new StringBuilder();
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is Serilog.Parsing.PropertyToken property && logEvent.Properties.TryGetValue(property.PropertyName, out var value))
                text.Append(value is ScalarValue { Value: var scalar } ? Convert.ToString(scalar, CultureInfo.InvariantCulture) : value.ToString());
            else
                text.Append(token.ToString());
        }
        return text.ToString();
    }
}
