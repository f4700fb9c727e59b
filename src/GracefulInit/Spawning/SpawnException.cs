namespace GracefulInit.Spawning;

/// <summary>The command could not be started; <see cref="ExitCode"/> is what a shell would report (127 or 126).</summary>
internal sealed class SpawnException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
