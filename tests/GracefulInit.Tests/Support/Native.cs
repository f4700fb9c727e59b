using System.Runtime.InteropServices;

namespace GracefulInit.Tests.Support;

internal static partial class Native
{
    [LibraryImport("libc.so.6", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
