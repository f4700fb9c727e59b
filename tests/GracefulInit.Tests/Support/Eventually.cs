namespace GracefulInit.Tests.Support;

/// <summary>Waits for a condition with a generous bound: these tests assert behaviour, never speed.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static bool True(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            Thread.Sleep(20);
        }
        return condition();
    }

    public static void Assert(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        if (!True(condition, timeout)) throw new Xunit.Sdk.XunitException("timed out waiting for: " + what);
    }
}
