using System.Runtime.InteropServices;
using System.Text;
using GracefulInit.Interop;

namespace GracefulInit.Spawning;

/// <summary>
/// Starts processes with posix_spawnp: fork()+exec from managed code can hang a child in a futex under GC load.
/// Every child starts with an empty signal mask and every signal at its default disposition, whatever graceful-init
/// inherited or the runtime set (it ignores SIGPIPE).
/// </summary>
internal static unsafe class Spawner
{
    /// <summary>Starts <paramref name="argv"/> (PATH search) and returns its pid, or throws <see cref="SpawnException"/>.</summary>
    /// <param name="stdoutToStderr">Send its stdout to graceful-init's stderr (hooks: stdout belongs to the app).</param>
    /// <param name="workingDirectory">Start it there instead of graceful-init's current directory.</param>
    public static int Spawn(IReadOnlyList<byte[]> argv, Placement placement, bool stdoutToStderr = false, byte[]? workingDirectory = null)
    {
        var attributes = NativeMemory.AllocZeroed(Libc.SpawnStructSize);
        var fileActions = NativeMemory.AllocZeroed(Libc.SpawnStructSize);
        var strings = new List<nint>();
        try
        {
            Libc.PosixSpawnattrInit(attributes);
            Libc.PosixSpawnFileActionsInit(fileActions);

            var emptyMask = default(Libc.SigSet);
            var allSignals = default(Libc.SigSet);
            for (var signal = 1; signal <= 64; signal++) allSignals.Add(signal);
            Libc.PosixSpawnattrSetsigmask(attributes, &emptyMask);
            Libc.PosixSpawnattrSetsigdefault(attributes, &allSignals);

            var flags = (short)(Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF);
            switch (placement)
            {
                case Placement.NewSession:
                    flags |= Libc.POSIX_SPAWN_SETSID;
                    break;
                case Placement.OwnGroup:
                case Placement.ForegroundGroup:
                    flags |= Libc.POSIX_SPAWN_SETPGROUP;
                    Libc.PosixSpawnattrSetpgroup(attributes, 0);
                    if (placement == Placement.ForegroundGroup) Libc.PosixSpawnFileActionsAddtcsetpgrpNp(fileActions, 0);
                    break;
            }
            Libc.PosixSpawnattrSetflags(attributes, flags);

            if (stdoutToStderr)
            {
                if (Libc.Fcntl(2, Libc.F_GETFD, 0) != -1) Libc.PosixSpawnFileActionsAdddup2(fileActions, 2, 1);
                else fixed (byte* devNull = "/dev/null\0"u8) Libc.PosixSpawnFileActionsAddopen(fileActions, 1, devNull, 1 /* O_WRONLY */, 0);
            }
            if (workingDirectory != null)
            {
                var dir = NativeString(workingDirectory, strings);
                Libc.PosixSpawnFileActionsAddchdirNp(fileActions, dir);
            }

            var argvPtr = (byte**)NativeMemory.AllocZeroed((nuint)(argv.Count + 1), (nuint)sizeof(nint));
            strings.Add((nint)argvPtr);
            for (var i = 0; i < argv.Count; i++) argvPtr[i] = NativeString(argv[i], strings);

            int pid;
            var error = Libc.PosixSpawnp(&pid, argvPtr[0], fileActions, attributes, argvPtr, Libc.Environ());
            if (error != 0) throw Failure(argv[0], error);
            return pid;
        }
        finally
        {
            Libc.PosixSpawnFileActionsDestroy(fileActions);
            Libc.PosixSpawnattrDestroy(attributes);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(attributes);
            foreach (var s in strings) NativeMemory.Free((void*)s);
        }
    }

    private static byte* NativeString(byte[] bytes, List<nint> owned)
    {
        var p = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        bytes.CopyTo(new Span<byte>(p, bytes.Length));
        p[bytes.Length] = 0;
        owned.Add((nint)p);
        return p;
    }

    /// <summary>One line naming the command and the reason, and the shell's exit code for it.</summary>
    private static SpawnException Failure(byte[] commandBytes, int error)
    {
        var command = Encoding.UTF8.GetString(commandBytes);
        var hasSlash = command.Contains('/');
        if (error == Libc.ENOENT)
            return new SpawnException(hasSlash ? $"cannot run '{command}': no such file" : $"cannot run '{command}': command not found in PATH", 127);
        if (hasSlash && Directory.Exists(command))
            return new SpawnException($"cannot run '{command}': it is a directory", 126);
        if (error == Libc.EACCES)
            return new SpawnException($"cannot run '{command}': permission denied (not executable?)", 126);
        return new SpawnException($"cannot run '{command}': {Libc.ErrorText(error)}", 126);
    }
}
