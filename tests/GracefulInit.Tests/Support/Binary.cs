using System.Diagnostics;

namespace GracefulInit.Tests.Support;

/// <summary>
/// The published native graceful-init under test: $GRACEFUL_INIT_BIN, or published once per test run into
/// artifacts/publish (the README's test command publishes it first, so this is the fallback for a bare `dotnet test`).
/// </summary>
public static class Binary
{
    private static readonly Lazy<string> Published = new(Locate);

    public static string Path => Published.Value;

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string PublishDirectory => System.IO.Path.Combine(RepoRoot, "artifacts", "publish");

    public static string PublishLog => System.IO.Path.Combine(RepoRoot, "artifacts", "publish.log");

    public static string Script(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "scripts", name);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("GRACEFUL_INIT_BIN") is { Length: > 0 } given) return given;
        var path = System.IO.Path.Combine(PublishDirectory, "graceful-init");
        if (!File.Exists(path)) Publish();
        return path;
    }

    private static void Publish()
    {
        var start = new ProcessStartInfo("dotnet", ["publish", System.IO.Path.Combine(RepoRoot, "src", "GracefulInit"), "-c", "Release", "-o", PublishDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        File.WriteAllText(PublishLog, output.Result + error);
        if (process.ExitCode != 0) throw new InvalidOperationException("dotnet publish failed:\n" + output.Result + error);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GracefulInit.sln"))) return dir.FullName;
        throw new InvalidOperationException("GracefulInit.sln not found above " + AppContext.BaseDirectory);
    }
}
