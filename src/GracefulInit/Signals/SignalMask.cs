using System.Runtime.CompilerServices;
using GracefulInit.Interop;

namespace GracefulInit.Signals;

/// <summary>
/// tini's design: every signal graceful-init handles is blocked in every thread and taken synchronously with
/// sigtimedwait. As PID 1 a signal with the default disposition is dropped by the kernel, but a blocked one is
/// queued; and with no SIGCHLD handler installed, the .NET runtime never reaps in graceful-init's place.
/// </summary>
internal static unsafe class SignalMask
{
    private static Libc.SigSet _waited = Waited();

    /// <summary>Every forwardable signal plus SIGCHLD.</summary>
    private static Libc.SigSet Waited()
    {
        var set = default(Libc.SigSet);
        for (var signal = 1; signal <= Signal.Max; signal++)
            if (Signal.IsForwardable(signal)) set.Add(signal);
        set.Add(Signal.CHLD);
        return set;
    }

    /// <summary>Call first thing in Main, before any other thread is started.</summary>
    public static void BlockInEveryThread()
    {
        fixed (Libc.SigSet* set = &_waited) Libc.PthreadSigmask(Libc.SIG_BLOCK, set, null);
        BlockOnFinalizerThread();
        ResetIgnoredDispositions();
    }

    /// <summary>
    /// The runtime's finalizer thread exists before Main and does not block signals: a process-directed signal the
    /// kernel hands to it would be lost. A thread's mask can only be set from the thread itself, so a finalizer does it.
    /// </summary>
    private static void BlockOnFinalizerThread()
    {
        AllocateMaskSetter();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateMaskSetter() => _ = new FinalizerThreadMask();

    private sealed class FinalizerThreadMask
    {
        ~FinalizerThreadMask()
        {
            fixed (Libc.SigSet* set = &_waited) Libc.PthreadSigmask(Libc.SIG_BLOCK, set, null);
        }
    }

    /// <summary>
    /// A SIGCHLD inherited as ignored would make the kernel reap children itself (their exit codes lost); other
    /// ignored signals are set back to default too. SIGPIPE stays ignored as the runtime set it: it is blocked anyway.
    /// </summary>
    private static void ResetIgnoredDispositions()
    {
        for (var signal = 1; signal <= Signal.Max; signal++)
        {
            if (!_waited.Contains(signal) || signal == Signal.PIPE) continue;
            Libc.SigAction current;
            if (Libc.SigActionCall(signal, null, &current) != 0 || current.Handler != Libc.SIG_IGN) continue;
            var reset = default(Libc.SigAction);
            reset.Handler = Libc.SIG_DFL;
            Libc.SigActionCall(signal, &reset, null);
        }
    }

    /// <summary>Waits for the next signal, at most <paramref name="timeoutMs"/> (-1: for ever). Returns 0 on time-out.</summary>
    public static int Wait(int timeoutMs, out Libc.SigInfo info)
    {
        info = default;
        fixed (Libc.SigSet* set = &_waited)
        fixed (Libc.SigInfo* infoPtr = &info)
        {
            while (true)
            {
                int signal;
                if (timeoutMs < 0)
                {
                    signal = Libc.SigWaitInfo(set, infoPtr);
                }
                else
                {
                    var timeout = new Libc.Timespec { Seconds = timeoutMs / 1000, Nanoseconds = timeoutMs % 1000 * 1_000_000L };
                    signal = Libc.SigTimedWait(set, infoPtr, &timeout);
                }
                if (signal > 0) return signal;
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR) return 0; // EAGAIN: the time-out
            }
        }
    }
}
