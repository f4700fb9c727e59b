using System.Runtime.InteropServices;
using GracefulInit.Interop;

namespace GracefulInit.Reaping;

/// <summary>Reaps every child that has exited — the main child, hook commands and orphans reparented to graceful-init.</summary>
internal static unsafe class Reaper
{
    /// <summary>Calls <paramref name="onExit"/> for each exited child until none is left to reap right now,
    /// and <paramref name="onStop"/> for each child that was stopped (it is still there).</summary>
    public static void ReapAll(Action<int, ExitStatus> onExit, Action<int, int>? onStop = null)
    {
        while (true)
        {
            int status;
            var pid = Libc.WaitPid(-1, &status, Libc.WNOHANG | (onStop != null ? Libc.WUNTRACED : 0));
            if (pid > 0)
            {
                var exit = new ExitStatus(status);
                if (exit.Stopped) onStop!(pid, exit.StopSignal);
                else onExit(pid, exit);
                continue;
            }
            if (pid < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
            return; // 0: children left but none exited; ECHILD: no children at all
        }
    }
}
