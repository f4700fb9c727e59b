using System.Runtime.InteropServices;
using GracefulInit.Interop;

namespace GracefulInit.Reaping;

/// <summary>Reaps every child that has exited — the main child, hook commands and orphans reparented to graceful-init.</summary>
internal static unsafe class Reaper
{
    /// <summary>Calls <paramref name="onExit"/> for each exited child until none is left to reap right now.</summary>
    public static void ReapAll(Action<int, ExitStatus> onExit)
    {
        while (true)
        {
            int status;
            var pid = Libc.WaitPid(-1, &status, Libc.WNOHANG);
            if (pid > 0) { onExit(pid, new ExitStatus(status)); continue; }
            if (pid < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
            return; // 0: children left but none exited; ECHILD: no children at all
        }
    }
}
