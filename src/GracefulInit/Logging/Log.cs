using GracefulInit.Cli;
using Serilog;
using Serilog.Events;

namespace GracefulInit.Logging;

/// <summary>
/// graceful-init's log calls. The level is checked here first, so the Serilog pipeline is built only when
/// something is actually logged: a plain run pays nothing for logging at start-up.
/// Property names (signal, pid, step, duration_ms, exit_code) are the JSON keys.
/// </summary>
internal static class Log
{
    private static LogEventLevel _minimum = LogEventLevel.Information;
    private static LogFormat _format = LogFormat.Text;
    private static ILogger? _logger;

    public static void Configure(InitOptions options)
    {
        _minimum = options.Quiet ? LogEventLevel.Error : options.Verbose ? LogEventLevel.Debug : LogEventLevel.Information;
        _format = options.LogFormat;
        _logger = null;
    }

    public static bool IsDebug => _minimum <= LogEventLevel.Debug;

    public static void Debug(string template, params object?[] values) => Write(LogEventLevel.Debug, template, values);
    public static void Info(string template, params object?[] values) => Write(LogEventLevel.Information, template, values);
    public static void Warn(string template, params object?[] values) => Write(LogEventLevel.Warning, template, values);
    public static void Error(string template, params object?[] values) => Write(LogEventLevel.Error, template, values);

    private static void Write(LogEventLevel level, string template, object?[] values)
    {
        if (level < _minimum || !Stderr.IsOpen) return;
        try
        {
            _logger ??= new LoggerConfiguration()
                .MinimumLevel.Is(_minimum)
                .WriteTo.Sink(new StderrSink(_format))
                .CreateLogger();
            _logger.Write(level, template, values);
        }
        catch (Exception)
        {
            // Logging must never take PID 1 down.
        }
    }
}
