namespace GracefulInit.Cli;

/// <summary>Bad usage: the one-line message is printed as it is, with a pointer to --help, and graceful-init exits 1.</summary>
internal sealed class UsageException(string message) : Exception(message);
