using System.Diagnostics;
using GracefulInit.Cli;
using GracefulInit.Hooks;
using GracefulInit.Logging;
using GracefulInit.Signals;
using GracefulInit.Spawning;

namespace GracefulInit.Shutdown;

/// <summary>
/// SPEC §4, run on its own thread while the main loop keeps forwarding and reaping: drain file, pre-stop steps
/// in order, tell the app to stop, wait for it, SIGKILL its group when the time is up.
/// </summary>
internal sealed class ShutdownSequence(InitOptions options, IApp app, ICommandRunner commands)
{
    private readonly ShutdownTimeline _timeline = ShutdownTimeline.For(options);
    private readonly Stopwatch _clock = new();

    /// <summary>When the final SIGKILL is due (for the main loop, if the child exits first and leaves its group behind).</summary>
    public DateTime? KillDeadline { get; private set; }

    public void Start(int signal)
    {
        _clock.Start();
        if (_timeline.KillAt is { } killAt) KillDeadline = DateTime.UtcNow + killAt;
        new Thread(() => Run(signal)) { IsBackground = true, Name = "shutdown" }.Start();
    }

    /// <summary>Time since the stop signal, as the logs show it: "t+1.5s".</summary>
    public string At => "t+" + Duration.Format(_clock.Elapsed);

    /// <summary>A bug here must not take PID 1 down (an exception on any thread ends the process, and with it the app):
    /// it is logged, and the app is still told to stop.</summary>
    private void Run(int signal)
    {
        try
        {
            RunSteps(signal);
        }
        catch (Exception e)
        {
            Log.Error("the shutdown sequence failed ({reason}): forwarding {signal} now", e.Message, Signal.Name(signal));
            app.Forward(signal);
        }
    }

    private void RunSteps(int signal)
    {
        Log.Info("shutdown requested by {signal}: {plan}", Signal.Name(signal), _timeline.Describe());
        DrainFile.Create(options.DrainFile);

        RunPreStopSteps();
        if (app.Exited.IsCancellationRequested) return;

        var stopStarted = _clock.Elapsed;
        var stopDeadline = Earliest(_timeline.StopTimeout is { } t ? stopStarted + t : null, _timeline.KillAt);
        TellAppToStop(signal, stopDeadline);

        var waitFor = stopDeadline is { } d ? d - _clock.Elapsed : ShutdownTimeline.NoLimit;
        if (waitFor > TimeSpan.Zero && app.Exited.WaitHandle.WaitOne(waitFor)) return;
        if (app.Exited.IsCancellationRequested) return;

        var reason = stopDeadline == _timeline.KillAt
            ? $"--grace-period {Duration.Format(options.GracePeriod!.Value)} ends in 1s"
            : $"--stop-timeout {Duration.Format(_timeline.StopTimeout!.Value)} expired";
        Log.Warn("step {step}: child still running at {at}, {reason}: sending SIGKILL to its process group", "kill", At, reason);
        app.Kill();
    }

    private void RunPreStopSteps()
    {
        for (var i = 0; i < options.PreStop.Count && !app.Exited.IsCancellationRequested; i++)
        {
            var hook = options.PreStop[i];
            var step = $"pre-stop {i + 1}/{options.PreStop.Count} {hook.Spec}";
            var budget = _timeline.PreStopBudget - _clock.Elapsed;
            if (budget <= TimeSpan.Zero)
            {
                Log.Warn("step {step}: skipped at {at}, no time left within --grace-period", step, At);
                continue;
            }
            var started = _clock.Elapsed;
            Log.Info("step {step}: started at {at}", step, At);
            KeepLogOrder();
            string outcome;
            try
            {
                outcome = hook.Run(new HookContext(budget, app.Exited, commands));
            }
            catch (Exception e)
            {
                outcome = "failed: " + e.Message; // a failing hook is logged and the sequence goes on
            }
            Log.Info("step {step}: {outcome}, took {duration_ms} ms", step, outcome, (long)(_clock.Elapsed - started).TotalMilliseconds);
        }
        if (app.Exited.IsCancellationRequested) Log.Info("the child exited during the pre-stop steps at {at}", At);
    }

    private void TellAppToStop(int signal, TimeSpan? deadline)
    {
        if (options.StopExec is { } command)
        {
            var started = _clock.Elapsed;
            Log.Info("step {step}: running {command} at {at}", "stop-exec", string.Join(' ', command), At);
            KeepLogOrder();
            var timeout = deadline is { } d ? d - started : ShutdownTimeline.NoLimit;
            var outcome = commands.Run(command, timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, app.Exited);
            Log.Info("step {step}: {outcome}, took {duration_ms} ms", "stop-exec", outcome.Describe(), (long)(_clock.Elapsed - started).TotalMilliseconds);
            if (outcome.Started) return;
            // The app must still hear that it has to stop: fall back to the signal.
            Log.Warn("step {step}: --stop-exec could not run: forwarding {signal} instead", "stop", Signal.Name(signal));
        }
        KeepLogOrder();
        var sent = app.Forward(signal);
        if (sent == 0)
            Log.Info("step {step}: {signal} is rewritten to nothing, so no signal is sent at {at}", "stop", Signal.Name(signal), At);
        else
            Log.Info("step {step}: sent {signal} to the child at {at}, waiting for it to exit", "stop", Signal.Name(sent), At);
    }

    /// <summary>
    /// Lets the log writer catch up (briefly: a blocked stderr must not delay the shutdown) before the app or a hook
    /// is about to write, so the log reads in the order things happened.
    /// </summary>
    private static void KeepLogOrder() => Stderr.Flush(TimeSpan.FromMilliseconds(100));

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
