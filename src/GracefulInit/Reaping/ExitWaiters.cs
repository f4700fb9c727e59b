namespace GracefulInit.Reaping;

/// <summary>
/// Lets a thread wait for the exit of a process it started (a hook command) while the main loop does all the
/// reaping: only one place may call waitpid, or exit statuses get lost.
/// </summary>
internal sealed class ExitWaiters
{
    private readonly Dictionary<int, Waiter> _waiting = new();

    public sealed class Waiter(int pid)
    {
        private readonly ManualResetEventSlim _done = new();
        public int Pid { get; } = pid;
        public ExitStatus? Status { get; private set; }
        public WaitHandle Done => _done.WaitHandle;

        internal void Complete(ExitStatus status)
        {
            Status = status;
            _done.Set();
        }
    }

    /// <summary>Starts a process and registers it under the same lock the reaper takes, so its exit cannot be missed.</summary>
    public Waiter Start(Func<int> spawn)
    {
        lock (_waiting)
        {
            var waiter = new Waiter(spawn());
            _waiting[waiter.Pid] = waiter;
            return waiter;
        }
    }

    /// <summary>Called by the reaper: hands the status to whoever waits for <paramref name="pid"/>. False if nobody does.</summary>
    public bool Complete(int pid, ExitStatus status)
    {
        Waiter? waiter;
        lock (_waiting)
        {
            if (!_waiting.Remove(pid, out waiter)) return false;
        }
        waiter.Complete(status);
        return true;
    }
}
