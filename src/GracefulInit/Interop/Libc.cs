using System.Runtime.InteropServices;

namespace GracefulInit.Interop;

/// <summary>
/// Every libc call graceful-init makes, in one place, each named after the function it wraps.
/// Source-generated (no runtime marshalling stubs, AOT-safe) and bound at link time (DirectPInvoke).
/// Layouts are glibc x86_64/aarch64 (LP64).
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    // ---- errno values we act on ----
    public const int EINTR = 4, ECHILD = 10, EAGAIN = 11, ESRCH = 3, ENOENT = 2, EACCES = 13, ENOTDIR = 20, EISDIR = 21, ENOEXEC = 8, EPERM = 1;

    // ---- signals ----
    public const int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    public static readonly nint SIG_DFL = 0, SIG_IGN = 1;

    /// <summary>glibc's sigset_t: 1024 bits. Bits are set directly, because glibc's sigaddset refuses 32 and 33.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SigSet
    {
        public fixed ulong Bits[16];

        public void Add(int signal) => Bits[(signal - 1) / 64] |= 1UL << ((signal - 1) % 64);
        public void Remove(int signal) => Bits[(signal - 1) / 64] &= ~(1UL << ((signal - 1) % 64));
        public readonly bool Contains(int signal) => (Bits[(signal - 1) / 64] & (1UL << ((signal - 1) % 64))) != 0;
    }

    /// <summary>siginfo_t (128 bytes); only the fields graceful-init reads.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    public struct SigInfo
    {
        [FieldOffset(0)] public int Signo;
        [FieldOffset(8)] public int Code;
        [FieldOffset(16)] public int Pid;
        [FieldOffset(20)] public uint Uid;
    }

    /// <summary>glibc's struct sigaction.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SigAction
    {
        public nint Handler;
        public SigSet Mask;
        public int Flags;
        public nint Restorer;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    public const int SI_USER = 0;

    [LibraryImport(Lib, EntryPoint = "pthread_sigmask")]
    public static partial int PthreadSigmask(int how, SigSet* set, SigSet* oldSet);

    [LibraryImport(Lib, EntryPoint = "sigwaitinfo", SetLastError = true)]
    public static partial int SigWaitInfo(SigSet* set, SigInfo* info);

    [LibraryImport(Lib, EntryPoint = "sigtimedwait", SetLastError = true)]
    public static partial int SigTimedWait(SigSet* set, SigInfo* info, Timespec* timeout);

    [LibraryImport(Lib, EntryPoint = "sigaction", SetLastError = true)]
    public static partial int SigActionCall(int signal, SigAction* action, SigAction* oldAction);

    [LibraryImport(Lib, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    // ---- processes ----
    public const int WNOHANG = 1, WUNTRACED = 2;

    [LibraryImport(Lib, EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport(Lib, EntryPoint = "getpid")]
    public static partial int GetPid();

    [LibraryImport(Lib, EntryPoint = "getpgrp")]
    public static partial int GetPgrp();

    [LibraryImport(Lib, EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    public const int PR_SET_PDEATHSIG = 1, PR_SET_CHILD_SUBREAPER = 36;

    [LibraryImport(Lib, EntryPoint = "chdir", SetLastError = true)]
    public static partial int ChDir(byte* path);

    [LibraryImport(Lib, EntryPoint = "getcwd", SetLastError = true)]
    public static partial byte* GetCwd(byte* buffer, nuint size);

    // ---- terminals and file descriptors ----
    [LibraryImport(Lib, EntryPoint = "isatty")]
    public static partial int IsATty(int fd);

    [LibraryImport(Lib, EntryPoint = "tcgetpgrp", SetLastError = true)]
    public static partial int TcGetPgrp(int fd);

    [LibraryImport(Lib, EntryPoint = "tcsetpgrp", SetLastError = true)]
    public static partial int TcSetPgrp(int fd, int processGroup);

    public const int F_GETFD = 1, F_DUPFD_CLOEXEC = 1030;

    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "close")]
    public static partial int Close(int fd);

    // ---- posix_spawn ----
    public const short POSIX_SPAWN_SETPGROUP = 0x02, POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;

    /// <summary>Room for glibc's posix_spawnattr_t (336 bytes) and posix_spawn_file_actions_t (80 bytes).</summary>
    public const int SpawnStructSize = 512;

    [LibraryImport(Lib, EntryPoint = "posix_spawnp")]
    public static partial int PosixSpawnp(int* pid, byte* file, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_init")]
    public static partial int PosixSpawnattrInit(void* attributes);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_destroy")]
    public static partial int PosixSpawnattrDestroy(void* attributes);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_setflags")]
    public static partial int PosixSpawnattrSetflags(void* attributes, short flags);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int PosixSpawnattrSetsigmask(void* attributes, SigSet* mask);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int PosixSpawnattrSetsigdefault(void* attributes, SigSet* signals);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_setpgroup")]
    public static partial int PosixSpawnattrSetpgroup(void* attributes, int processGroup);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int PosixSpawnFileActionsInit(void* fileActions);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int PosixSpawnFileActionsDestroy(void* fileActions);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int PosixSpawnFileActionsAdddup2(void* fileActions, int fd, int newFd);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int PosixSpawnFileActionsAddopen(void* fileActions, int fd, byte* path, int flags, int mode);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    public static partial int PosixSpawnFileActionsAddchdirNp(void* fileActions, byte* path);

    /// <summary>glibc ≥ 2.35: the spawned child becomes the terminal's foreground group before exec, with no race.</summary>
    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_addtcsetpgrp_np")]
    public static partial int PosixSpawnFileActionsAddtcsetpgrpNp(void* fileActions, int terminalFd);

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    // ---- sockets (the http: hook; System.Net would add megabytes to the binary) ----
    public const int AF_UNSPEC = 0, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000, SOL_SOCKET = 1, SO_ERROR = 4, SO_RCVTIMEO = 20, SO_SNDTIMEO = 21;
    public const int F_GETFL = 3, F_SETFL = 4, O_NONBLOCK = 0x800, EINPROGRESS = 115;
    public const short POLLOUT = 4;

    /// <summary>struct addrinfo.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct AddrInfo
    {
        public int Flags, Family, SockType, Protocol;
        public uint AddrLen;
        public void* Addr;
        public byte* CanonName;
        public AddrInfo* Next;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events, Revents;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal
    {
        public long Seconds, Microseconds;
    }

    [LibraryImport(Lib, EntryPoint = "getaddrinfo")]
    public static partial int GetAddrInfo(byte* node, byte* service, AddrInfo* hints, AddrInfo** result);

    [LibraryImport(Lib, EntryPoint = "freeaddrinfo")]
    public static partial void FreeAddrInfo(AddrInfo* info);

    [LibraryImport(Lib, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Lib, EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, void* address, uint length);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Lib, EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, void* value, uint* length);

    [LibraryImport(Lib, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport(Lib, EntryPoint = "strerror")]
    private static partial byte* StrError(int errorNumber);

    /// <summary>The C library's text for an errno value ("No such file or directory").</summary>
    public static string ErrorText(int errorNumber) =>
        Marshal.PtrToStringUTF8((nint)StrError(errorNumber)) ?? $"errno {errorNumber}";

    /// <summary>libc's environ, passed to children untouched (non-UTF-8 values included).</summary>
    public static byte** Environ()
    {
        var export = NativeLibrary.GetExport(NativeLibrary.GetMainProgramHandle(), "environ");
        return *(byte***)export;
    }
}
