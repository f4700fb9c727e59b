using GracefulInit.Logging;

namespace GracefulInit.Shutdown;

/// <summary>--drain-file: exists from the stop signal until exit, so a readiness probe `test ! -e PATH` fails at once.</summary>
internal static class DrainFile
{
    public static void Create(string? path)
    {
        if (path == null) return;
        try
        {
            File.WriteAllBytes(path, []);
            Log.Info("step {step}: created {path}", "drain-file", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error("could not create the drain file {path}: {reason}", path, e.Message);
        }
    }

    public static void Remove(string? path)
    {
        if (path == null) return;
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error("could not remove the drain file {path}: {reason}", path, e.Message);
        }
    }
}
