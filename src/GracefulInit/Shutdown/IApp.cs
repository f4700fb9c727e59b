namespace GracefulInit.Shutdown;

/// <summary>What the shutdown sequence may do to the app (the main child and its group).</summary>
internal interface IApp
{
    /// <summary>Cancelled when the main child has exited.</summary>
    CancellationToken Exited { get; }

    /// <summary>Sends <paramref name="signal"/> through the rewrite table to the child (or its group); returns what was sent (0: nothing).</summary>
    int Forward(int signal);

    /// <summary>SIGKILL to the child and its whole group.</summary>
    void Kill();
}
