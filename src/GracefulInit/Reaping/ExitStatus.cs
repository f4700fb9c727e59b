using GracefulInit.Signals;

namespace GracefulInit.Reaping;

/// <summary>A wait status as waitpid reports it, and the exit code a shell would give it.</summary>
internal readonly record struct ExitStatus(int Raw)
{
    public bool Exited => (Raw & 0x7f) == 0;

    /// <summary>Not an exit: the child was stopped (job control), by <see cref="StopSignal"/>.</summary>
    public bool Stopped => (Raw & 0xff) == 0x7f;
    public int StopSignal => (Raw >> 8) & 0xff;
    public int Code => (Raw >> 8) & 0xff;
    public int TermSignal => Raw & 0x7f;

    /// <summary>N for exit(N), 128+S for death by signal S (SPEC §6).</summary>
    public int ShellCode => Exited ? Code : 128 + TermSignal;

    public override string ToString() => Exited ? $"exit code {Code}" : $"killed by {Signal.Name(TermSignal)}";
}
