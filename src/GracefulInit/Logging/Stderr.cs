using System.Text;
using GracefulInit.Interop;

namespace GracefulInit.Logging;

/// <summary>
/// graceful-init's own way to stderr. PID 1 must never block on, or die of, its log: lines go through a bounded
/// queue to a writer thread (started with the first line), so a full pipe stalls only that thread, and a closed
/// or broken stderr just drops them. It writes to its own close-on-exec copy of fd 2, taken at start-up: a closed
/// fd 2 that later gets reused for some other file is never written to, and the child never inherits the copy.
/// </summary>
internal static class Stderr
{
    private const int MaxQueuedLines = 1000;

    private static readonly Queue<byte[]> Lines = new();
    private static readonly object Gate = new();
    private static int _fd = -1;
    private static Thread? _writer;
    private static bool _writing;
    private static int _dropped;

    /// <summary>Takes graceful-init's copy of fd 2; without a valid fd 2, logging is off.</summary>
    public static void Open()
    {
        if (Libc.Fcntl(2, Libc.F_GETFD, 0) != -1) _fd = Libc.Fcntl(2, Libc.F_DUPFD_CLOEXEC, 3);
    }

    public static bool IsOpen => _fd >= 0;

    public static void WriteLine(string line)
    {
        if (_fd < 0) return;
        var bytes = Encoding.UTF8.GetBytes(line.EndsWith('\n') ? line : line + "\n");
        lock (Gate)
        {
            if (Lines.Count >= MaxQueuedLines) { _dropped++; return; }
            if (_dropped > 0)
            {
                Lines.Enqueue(Encoding.UTF8.GetBytes($"[graceful-init] {_dropped} log lines dropped: stderr was not being read\n"));
                _dropped = 0;
            }
            Lines.Enqueue(bytes);
            _writer ??= StartWriter();
            Monitor.Pulse(Gate);
        }
    }

    /// <summary>Waits until the queued lines are written, at most <paramref name="timeout"/> (a blocked stderr must not hold up the exit).</summary>
    public static void Flush(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (Gate)
        {
            while ((Lines.Count > 0 || _writing) && _fd >= 0)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0) return;
                Monitor.Wait(Gate, (int)left);
            }
        }
    }

    private static Thread StartWriter()
    {
        // Created from a thread whose signals are blocked, so it inherits that mask and never takes a signal meant for the child.
        var thread = new Thread(WriteLoop) { IsBackground = true, Name = "stderr" };
        thread.Start();
        return thread;
    }

    private static void WriteLoop()
    {
        while (true)
        {
            byte[] line;
            lock (Gate)
            {
                _writing = false;
                Monitor.PulseAll(Gate);
                while (Lines.Count == 0) Monitor.Wait(Gate);
                line = Lines.Dequeue();
                _writing = true;
            }
            bool written;
            try { written = WriteAll(_fd, line); }
            catch (Exception) { written = false; } // the writer thread must never take the process down
            if (!written)
            {
                lock (Gate) { _fd = -1; Lines.Clear(); _writing = false; Monitor.PulseAll(Gate); }
                return;
            }
        }
    }

    /// <summary>Writes all of <paramref name="bytes"/> to <paramref name="fd"/>; false when the fd is gone for good.</summary>
    public static unsafe bool WriteAll(int fd, byte[] bytes)
    {
        var offset = 0;
        var retries = 0;
        fixed (byte* start = bytes)
        {
            while (offset < bytes.Length)
            {
                var written = Libc.Write(fd, start + offset, (nuint)(bytes.Length - offset));
                if (written >= 0) { offset += (int)written; continue; }
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR) continue;
                // A stderr someone made non-blocking: wait a little, then give the line up rather than spin.
                if (errno == Libc.EAGAIN && retries++ < 100) { Thread.Sleep(10); continue; }
                return errno == Libc.EAGAIN; // EPIPE, EBADF, EIO...: stderr is gone for good
            }
        }
        return true;
    }
}
