using System.Runtime.InteropServices;

// Nothing but posix_spawnp + waitpid: what any native-AOT .NET init costs before it does anything useful.
unsafe
{
    var argv = (byte**)NativeMemory.AllocZeroed((nuint)(args.Length + 1), (nuint)sizeof(nint));
    for (var i = 0; i < args.Length; i++) argv[i] = (byte*)Marshal.StringToCoTaskMemUTF8(args[i]);
    int pid, status;
    if (Floor.PosixSpawnp(&pid, argv[0], null, null, argv, Floor.Environ()) != 0) return 127;
    Floor.WaitPid(pid, &status, 0);
    return (status >> 8) & 0xff;
}

internal static unsafe partial class Floor
{
    [LibraryImport("libc", EntryPoint = "posix_spawnp")]
    public static partial int PosixSpawnp(int* pid, byte* file, void* actions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "waitpid")]
    public static partial int WaitPid(int pid, int* status, int options);

    public static byte** Environ() => *(byte***)NativeLibrary.GetExport(NativeLibrary.GetMainProgramHandle(), "environ");
}
