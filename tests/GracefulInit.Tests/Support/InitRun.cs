using System.Diagnostics;
using System.Text;

namespace GracefulInit.Tests.Support;

/// <summary>
/// One run of the published graceful-init: by default as PID 1 of a new PID namespace
/// (unshare --pid --fork --mount-proc), with its stdout and stderr captured.
/// </summary>
public sealed class InitRun : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new(), _stderr = new();
    private int _initPid;

    private InitRun(Process process) => _process = process;

    /// <param name="wrapper">A command that starts what follows it (scripts/launch.py, pty_driver.py).</param>
    public static InitRun Start(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, bool pid1 = true, string[]? wrapper = null)
    {
        string[] command = pid1 ? ["unshare", "--pid", "--fork", "--mount-proc", Binary.Path, .. arguments] : [Binary.Path, .. arguments];
        if (wrapper != null) command = [.. wrapper, .. command];
        var start = new ProcessStartInfo(command[0], command[1..]);
        start.RedirectStandardOutput = start.RedirectStandardError = start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("GRACEFUL_INIT_") || k.StartsWith("DUMB_INIT_") || k.StartsWith("TINI_")).ToList())
            start.Environment.Remove(key);
        if (environment != null) foreach (var (k, v) in environment) start.Environment[k] = v;

        var run = new InitRun(new Process { StartInfo = start });
        run._process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (run._stdout) run._stdout.AppendLine(e.Data); };
        run._process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (run._stderr) run._stderr.AppendLine(e.Data); };
        run._process.Start();
        run._process.BeginOutputReadLine();
        run._process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Runs to completion and returns the exit code (fails the test if it hangs).</summary>
    public static InitRun Run(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, bool pid1 = true, TimeSpan? timeout = null, string[]? wrapper = null)
    {
        var run = Start(arguments, environment, pid1, wrapper);
        run.WaitForExit(timeout);
        return run;
    }

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }
    public int ExitCode => _process.ExitCode;
    public bool HasExited => _process.HasExited;

    /// <summary>graceful-init's pid as seen from here (outside its namespace): the descendant running the binary.</summary>
    public int InitPid
    {
        get
        {
            if (_initPid != 0) return _initPid;
            Eventually.Assert(() => (_initPid = FindInit()) != 0, "graceful-init to start");
            return _initPid;
        }
    }

    private int FindInit()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid)) continue;
            // After unshare forks but before it execs graceful-init, the child is still unshare: wait for the exec.
            if (!ReadOrEmpty($"/proc/{pid}/cmdline").StartsWith(Binary.Path + "\0", StringComparison.Ordinal)) continue;
            for (var p = pid; p > 1; p = ParentOf(p))
                if (p == _process.Id) return pid;
        }
        return 0;
    }

    /// <summary>graceful-init's direct child (the app), as seen from here, once it has exec'd (before that, the
    /// posix_spawn helper has every signal blocked and is still called graceful-init).</summary>
    public int ChildPid
    {
        get
        {
            var child = 0;
            Eventually.Assert(() =>
            {
                var children = ReadOrEmpty($"/proc/{InitPid}/task/{InitPid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return children.Length > 0 && int.TryParse(children[0], out child)
                    && ReadOrEmpty($"/proc/{child}/comm") is { Length: > 0 } comm && comm.Trim() != "graceful-init";
            }, "graceful-init's child to start");
            return child;
        }
    }

    /// <summary>Fields of /proc/PID/stat after the command name: [0] state, [1] ppid, [2] pgrp, [3] session.</summary>
    public static string[] Stat(int pid)
    {
        var stat = ReadOrEmpty($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    public static string Status(int pid) => ReadOrEmpty($"/proc/{pid}/status");

    private static int ParentOf(int pid)
    {
        var stat = ReadOrEmpty($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], out var parent) ? parent : 0;
    }

    public void Signal(int signal)
    {
        if (Native.Kill(InitPid, signal) != 0) throw new InvalidOperationException($"kill({InitPid}, {signal}) failed");
    }

    public void WaitForExit(TimeSpan? timeout = null)
    {
        if (!_process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            Kill();
            throw new Xunit.Sdk.XunitException($"graceful-init did not exit in time.\nstderr:\n{Stderr}");
        }
        _process.WaitForExit(); // drains the output readers
    }

    private void Kill()
    {
        try { if (_initPid != 0) Native.Kill(_initPid, 9); _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    private static string ReadOrEmpty(string path)
    {
        try { return File.ReadAllText(path); } catch (IOException) { return ""; }
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
