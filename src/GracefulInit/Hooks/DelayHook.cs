using GracefulInit.Cli;

namespace GracefulInit.Hooks;

/// <summary>delay:DURATION — wait while the app keeps serving, so load balancers can drop the endpoint.</summary>
internal sealed class DelayHook(TimeSpan delay) : IPreStopHook
{
    public TimeSpan Delay { get; } = delay;
    public string Spec => "delay:" + Duration.Format(Delay);
    public TimeSpan? PlannedDuration => Delay;

    public string Run(HookContext context)
    {
        var wait = context.Within(Delay);
        context.ChildExited.WaitHandle.WaitOne(wait);
        return wait < Delay ? $"waited {Duration.Format(wait)} (shortened to fit the grace period)" : $"waited {Duration.Format(wait)}";
    }
}
