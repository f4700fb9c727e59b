using System.Text;
using GracefulInit.Cli;
using GracefulInit.Interop;
using GracefulInit.Reaping;
using GracefulInit.Signals;

namespace GracefulInit.Spawning;

/// <summary>
/// Runs hook commands and --stop-exec: in a process group of their own (so a time-out kills all they started),
/// in the directory graceful-init was started in, with stdout sent to stderr.
/// </summary>
internal sealed class CommandRunner(ExitWaiters waiters, byte[] workingDirectory) : ICommandRunner
{
    public CommandOutcome Run(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel)
    {
        ExitWaiters.Waiter waiter;
        try
        {
            var argv = command.Select(Encoding.UTF8.GetBytes).ToList();
            waiter = waiters.Start(() => Spawner.Spawn(argv, Placement.OwnGroup, stdoutToStderr: true, workingDirectory));
        }
        catch (SpawnException e)
        {
            return new CommandOutcome(null, e.Message, Started: false);
        }

        var which = WaitHandle.WaitAny([waiter.Done, cancel.WaitHandle], timeout);
        if (which == 0) return new CommandOutcome(waiter.Status, null);
        if (which == 1) return new CommandOutcome(null, null);

        Libc.Kill(-waiter.Pid, Signal.KILL);
        waiter.Done.WaitOne(TimeSpan.FromSeconds(1));
        return new CommandOutcome(waiter.Status, $"timed out after {Duration.Format(timeout)}: killed");
    }
}
