namespace GracefulInit.Spawning;

/// <summary>Where a spawned process goes in the session / process-group / terminal picture.</summary>
internal enum Placement
{
    /// <summary>Same session and group as graceful-init (-c).</summary>
    SameGroup,

    /// <summary>A process group of its own, led by the child (session mode on a terminal, -c -g, hook commands).</summary>
    OwnGroup,

    /// <summary>A process group of its own that becomes the terminal's foreground group before exec, so Ctrl-C reaches it.</summary>
    ForegroundGroup,

    /// <summary>A new session (session mode without a terminal): the child leads its session and its group.</summary>
    NewSession,
}
