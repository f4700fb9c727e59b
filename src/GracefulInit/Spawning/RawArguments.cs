using System.Text;

namespace GracefulInit.Spawning;

/// <summary>
/// The command's words exactly as graceful-init received them. Main's string[] has non-UTF-8 bytes replaced
/// (0xff becomes U+FFFD), so the child's argv is taken from /proc/self/cmdline instead.
/// </summary>
internal static class RawArguments
{
    public static IReadOnlyList<byte[]> Command(string[] args, int commandIndex)
    {
        try
        {
            var words = Split(File.ReadAllBytes("/proc/self/cmdline"));
            // argv[0] is graceful-init itself; the rest must line up with Main's args, or we cannot trust it.
            if (words.Count == args.Length + 1) return words.Skip(1 + commandIndex).ToList();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return args.Skip(commandIndex).Select(Encoding.UTF8.GetBytes).ToList();
    }

    internal static List<byte[]> Split(byte[] cmdline)
    {
        var words = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < cmdline.Length; i++)
        {
            if (cmdline[i] != 0) continue;
            words.Add(cmdline[start..i]);
            start = i + 1;
        }
        if (start < cmdline.Length) words.Add(cmdline[start..]);
        return words;
    }
}
