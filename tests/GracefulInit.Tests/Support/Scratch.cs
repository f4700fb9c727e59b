namespace GracefulInit.Tests.Support;

/// <summary>A temporary directory for one test, removed afterwards.</summary>
public sealed class Scratch : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("gi-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Dir, name);

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
