using GracefulInit;
using GracefulInit.Cli;
using GracefulInit.Logging;
using GracefulInit.Signals;
using GracefulInit.Spawning;

// Signals first: anything that arrives from here on is queued for the main loop, not lost.
SignalMask.BlockInEveryThread();
Stderr.Open();

try
{
    // Only the variables graceful-init knows are looked up: building .NET's whole environment table costs start-up time.
    var request = CommandLine.Parse(args, Environment.GetEnvironmentVariable);
    if (request.Output is { } text)
    {
        StandardOutput.Write(text);
        return 0;
    }
    var options = request.Options!;
    Log.Configure(options);
    var code = new Init(options).Run(RawArguments.Command(args, options.CommandIndex));
    Stderr.Flush(TimeSpan.FromMilliseconds(500));
    return code;
}
catch (UsageException e)
{
    return Fail($"graceful-init: {e.Message} (see graceful-init --help)", 1);
}
catch (SpawnException e)
{
    return Fail($"graceful-init: {e.Message}", e.ExitCode);
}
catch (Exception e)
{
    return Fail($"graceful-init: internal error: {e.GetType().Name}: {e.Message}", 1);
}

static int Fail(string line, int code)
{
    Stderr.WriteLine(line);
    Stderr.Flush(TimeSpan.FromSeconds(1));
    return code;
}
