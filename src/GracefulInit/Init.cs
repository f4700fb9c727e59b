using System.Runtime.InteropServices;
using GracefulInit.Cli;
using GracefulInit.Interop;
using GracefulInit.Logging;
using GracefulInit.Reaping;
using GracefulInit.Shutdown;
using GracefulInit.Signals;
using GracefulInit.Spawning;

namespace GracefulInit;

/// <summary>
/// PID 1's duties, one method each, and the main loop that ties them together: start the child, then wait for
/// signals — reap on SIGCHLD, start the shutdown on a stop signal, forward everything else — until the child exits.
/// </summary>
internal sealed class Init(InitOptions options) : IApp
{
    /// <summary>How long the rest of the child's group gets after the child exits, unless --stop-timeout says otherwise.</summary>
    private static readonly TimeSpan DefaultGroupGrace = TimeSpan.FromSeconds(2);

    private readonly int _ownPid = Libc.GetPid();
    private readonly ExitWaiters _waiters = new();
    private readonly CancellationTokenSource _childExited = new();
    private int _childPid;
    private bool _childHasTerminal;
    private ExitStatus? _childStatus;
    private ShutdownSequence? _shutdown;

    public int Run(IReadOnlyList<byte[]> command)
    {
        ConfigureReaping();
        SetParentDeathSignal();
        WarnIfShutdownCannotFit();
        var workingDirectory = CurrentDirectory();
        _childPid = StartChild(command);
        ChangeToRootDirectory();
        var commands = new CommandRunner(_waiters, workingDirectory);

        while (_childStatus is null)
        {
            var signal = SignalMask.Wait(-1, out var info);
            try
            {
                if (signal == Signal.CHLD) ReapChildren();
                else if (signal > 0) HandleSignal(signal, info, commands);
            }
            catch (Exception e)
            {
                // Exiting would kill the app with us: log it and keep serving as init.
                Log.Error("handling {signal} failed: {reason}", Signal.Name(signal), e.Message);
            }
        }

        StopRestOfGroup();
        DrainFile.Remove(options.DrainFile);
        var code = options.RemapExitCode(_childStatus.Value.ShellCode);
        if (_shutdown != null)
            Log.Info("step {step}: the child ended ({status}) at {at}: exiting with code {exit_code}", "exit", _childStatus.Value.ToString(), _shutdown.At, code);
        else
            Log.Debug("the child ended ({status}): exiting with code {exit_code}", _childStatus.Value.ToString(), code);
        return code;
    }

    // ---- start-up ----

    private void ConfigureReaping()
    {
        if (_ownPid == 1) return;
        if (options.Subreaper)
        {
            if (Libc.Prctl(Libc.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
                Log.Warn("could not register as child subreaper: {reason}", Libc.ErrorText(Marshal.GetLastPInvokeError()));
            return;
        }
        Log.Warn("not running as PID 1: orphaned processes will not be reaped by graceful-init (use -s to register as subreaper)");
    }

    private void SetParentDeathSignal()
    {
        if (options.PdeathSignal is { } signal && Libc.Prctl(Libc.PR_SET_PDEATHSIG, (nuint)signal, 0, 0, 0) != 0)
            Log.Warn("could not set the parent-death signal: {reason}", Libc.ErrorText(Marshal.GetLastPInvokeError()));
    }

    private void WarnIfShutdownCannotFit()
    {
        if (ShutdownTimeline.FitWarning(options) is { } warning) Log.Warn("{warning}", warning);
    }

    private int StartChild(IReadOnlyList<byte[]> command)
    {
        var placement = ChildPlacement();
        _childHasTerminal = placement == Placement.ForegroundGroup;
        var pid = Spawner.Spawn(command, placement);
        Log.Debug("started {command} as pid {pid}", string.Join(' ', options.Command), pid);
        return pid;
    }

    /// <summary>
    /// SPEC §2. Session mode: with our controlling terminal on stdin, a group of its own made the terminal's foreground
    /// group (only if we hold the foreground: started in the background, we must not steal the terminal from the
    /// shell); without a terminal, a new session. -c keeps our group (-c -g: a group of its own).
    /// </summary>
    private Placement ChildPlacement()
    {
        if (!options.SessionMode && !options.ProcessGroup) return Placement.SameGroup;
        // tcgetpgrp succeeds only for our controlling terminal: that is the one we can hand to the child.
        var terminal = Libc.IsATty(0) == 1 ? Libc.TcGetPgrp(0) : -1;
        if (terminal >= 0) return terminal == Libc.GetPgrp() ? Placement.ForegroundGroup : Placement.OwnGroup;
        return options.SessionMode ? Placement.NewSession : Placement.OwnGroup;
    }

    /// <summary>The caller's directory as raw bytes, where hook commands run once graceful-init itself has moved to /.</summary>
    private static unsafe byte[] CurrentDirectory()
    {
        var buffer = stackalloc byte[4096];
        return Libc.GetCwd(buffer, 4096) == null ? "/"u8.ToArray() : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(buffer).ToArray();
    }

    /// <summary>Like dumb-init and catatonit: PID 1 must not hold a mount busy. The child keeps the caller's directory.</summary>
    private static unsafe void ChangeToRootDirectory()
    {
        fixed (byte* root = "/\0"u8) Libc.ChDir(root);
    }

    // ---- the loop's duties ----

    private void ReapChildren() => Reaper.ReapAll(OnChildExited, OnChildStopped);

    private void OnChildExited(int pid, ExitStatus status)
    {
        if (pid == _childPid)
        {
            _childStatus = status;
            _childExited.Cancel();
            Log.Debug("reaped the child, pid {pid}: {status}", pid, status.ToString());
        }
        else if (!_waiters.Complete(pid, status) && Log.IsDebug)
        {
            // Guarded: an orphan storm reaps thousands, and formatting each costs even when nothing is logged.
            Log.Debug("reaped pid {pid}: {status}", pid, status.ToString());
        }
    }

    /// <summary>
    /// Ctrl-Z on the terminal stops the child's foreground group, not graceful-init (it is not in that group):
    /// stop too, so that a shell that started graceful-init sees it stopped and can `fg` it. (Without the terminal
    /// handed over, job-control signals reach graceful-init itself and <see cref="HandleSignal"/> does this.)
    /// </summary>
    private void OnChildStopped(int pid, int signal)
    {
        if (!_childHasTerminal || pid != _childPid || signal is not (Signal.TSTP or Signal.TTIN or Signal.TTOU)) return;
        Log.Debug("the child was stopped by {signal}: stopping too", Signal.Name(signal));
        StopSelf();
    }

    private void HandleSignal(int signal, in Libc.SigInfo info, ICommandRunner commands)
    {
        // A SIGPIPE from graceful-init's own write to a closed stderr is ours, not the app's.
        if (info.Code == Libc.SI_USER && info.Pid == _ownPid) return;

        if (options.StopSignals.Contains(signal) && options.HasShutdownPlan)
        {
            if (_shutdown != null)
            {
                Log.Info("{signal} again during the shutdown: ignored, the sequence goes on", Signal.Name(signal));
                return;
            }
            _shutdown = new ShutdownSequence(options, this, commands);
            _shutdown.Start(signal);
            return;
        }

        Forward(signal);
        if (signal is Signal.TSTP or Signal.TTIN or Signal.TTOU) StopSelf();
    }

    /// <summary>Job control as dumb-init does it: once the child is stopped, stop graceful-init too, so the shell that started it sees it stopped.</summary>
    private void StopSelf() => Libc.Kill(_ownPid, Signal.STOP);

    public CancellationToken Exited => _childExited.Token;

    public int Forward(int signal)
    {
        var sent = options.Rewrites.Apply(signal);
        var target = options.SignalsGroup ? -_childPid : _childPid;
        if (sent == 0)
        {
            Log.Debug("{signal} is rewritten to nothing: dropped", Signal.Name(signal));
            return 0;
        }
        // Resumed after a stop: the terminal goes back to the child before it runs again, or it would get SIGTTIN.
        if (sent == Signal.CONT && _childHasTerminal) Libc.TcSetPgrp(0, _childPid);
        var failed = Libc.Kill(target, sent) != 0;
        if (!Log.IsDebug) return sent;
        if (failed)
            Log.Debug("could not forward {signal} to {target}: {reason} (the child may be gone)", Signal.Name(sent), target, Libc.ErrorText(Marshal.GetLastPInvokeError()));
        else if (sent == signal)
            Log.Debug("forwarded {signal} to {target}", Signal.Name(signal), target);
        else
            Log.Debug("forwarded {signal} as {sent} to {target}", Signal.Name(signal), Signal.Name(sent), target);
        return sent;
    }

    public void Kill()
    {
        if (options.SignalsGroup) Libc.Kill(-_childPid, Signal.KILL);
        Libc.Kill(_childPid, Signal.KILL);
    }

    // ---- after the child exited ----

    /// <summary>
    /// SPEC §5: what the child left in its group gets SIGTERM (through the rewrite table), a bounded time to exit,
    /// then SIGKILL. Signals keep being forwarded and children reaped meanwhile.
    /// </summary>
    private void StopRestOfGroup()
    {
        if (!options.SignalsGroup || !GroupExists()) return;
        var grace = options.StopTimeout ?? DefaultGroupGrace;
        var deadline = DateTime.UtcNow + grace;
        if (_shutdown?.KillDeadline is { } kill && kill < deadline) deadline = kill;

        var sent = options.Rewrites.Apply(Signal.TERM);
        if (sent != 0) Libc.Kill(-_childPid, sent);
        Log.Debug("the child left processes in its group: sent {signal}, waiting up to {grace}", Signal.Name(sent), Duration.Format(grace));

        while (GroupExists())
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Log.Warn("processes left by the child still running after {grace}: sending SIGKILL to its process group", Duration.Format(grace));
                Libc.Kill(-_childPid, Signal.KILL);
                return;
            }
            // Polled in short steps: without PID 1 or -s, the group's exits do not reach us as SIGCHLD.
            // GroupExists reaps at the top of each turn, so only other signals need handling here.
            var signal = SignalMask.Wait((int)Math.Min(50, Math.Ceiling(left.TotalMilliseconds)), out _);
            if (signal > 0 && signal != Signal.CHLD && !options.StopSignals.Contains(signal)) Forward(signal);
        }
    }

    private bool GroupExists()
    {
        Reaper.ReapAll((pid, status) => _waiters.Complete(pid, status));
        return Libc.Kill(-_childPid, 0) == 0;
    }
}
