using System.Diagnostics;
using GracefulInit.Tests.Support;

namespace GracefulInit.Tests.Pid1;

public class PublishTests
{
    [Fact]
    public void Publish_yields_one_executable_file_that_needs_only_glibc()
    {
        var binary = Binary.Path;
        var files = Directory.GetFiles(Path.GetDirectoryName(binary)!)
            .Select(Path.GetFileName)
            .Where(f => !f!.EndsWith(".dbg", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(["graceful-init"], files);

        var ldd = Process.Start(new ProcessStartInfo("ldd", [binary]) { RedirectStandardOutput = true })!;
        var output = ldd.StandardOutput.ReadToEnd();
        ldd.WaitForExit();
        var libraries = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split(' ')[0])
            .ToList();
        Assert.NotEmpty(libraries);
        string[] glibc = ["linux-vdso.so.1", "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "/lib64/ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "/lib/ld-linux-aarch64.so.1"];
        Assert.All(libraries, l => Assert.Contains(l, glibc));
    }

    [Fact]
    public void Publish_log_has_no_warning()
    {
        _ = Binary.Path;
        if (!File.Exists(Binary.PublishLog)) Assert.Fail("no publish log at " + Binary.PublishLog + ": publish with the README's test command");
        var log = File.ReadAllText(Binary.PublishLog);
        Assert.Contains("graceful-init", log);
        Assert.DoesNotContain("warning", log, StringComparison.OrdinalIgnoreCase);
    }
}
