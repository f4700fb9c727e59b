namespace GracefulInit.Tests.Support;

/// <summary>The scripts/recorder.py test child: the arguments that start it, and what it recorded.</summary>
public sealed class Recorder(Scratch scratch, string name = "child")
{
    public string RecordFile => scratch.File(name + ".signals");
    public string ReadyFile => scratch.File(name + ".ready");
    public string GrandchildRecordFile => RecordFile + ".grandchild";

    public string[] Command(params string[] extra) =>
        ["python3", Binary.Script("recorder.py"), "--record", RecordFile, "--ready", ReadyFile, .. extra];

    public void WaitUntilReady() => Eventually.Assert(() => File.Exists(ReadyFile), "the test child to be ready");

    /// <summary>Signal numbers received, in order.</summary>
    public IReadOnlyList<int> Signals => Read(RecordFile).Select(l => l.Signal).ToList();
    public IReadOnlyList<int> GrandchildSignals => Read(GrandchildRecordFile).Select(l => l.Signal).ToList();

    /// <summary>Signals with the time (Unix seconds) they arrived.</summary>
    public IReadOnlyList<(int Signal, double Time)> Timed => Read(RecordFile);

    public void WaitFor(int signal) => Eventually.Assert(() => Signals.Contains(signal), $"the child to receive signal {signal}");

    private static List<(int Signal, double Time)> Read(string path)
    {
        if (!File.Exists(path)) return [];
        return File.ReadAllLines(path).Where(l => l.Length > 0)
            .Select(l => l.Split(' '))
            .Select(p => (int.Parse(p[0]), double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }
}
