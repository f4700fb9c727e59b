using GracefulInit.Cli;
using GracefulInit.Hooks;
using GracefulInit.Signals;

namespace GracefulInit.Tests.Cli;

public class SmallParsersTests
{
    [Theory]
    [InlineData("15", 15)]
    [InlineData("TERM", 15)]
    [InlineData("sigterm", 15)]
    [InlineData("SIGUSR1", 10)]
    [InlineData("RTMIN", 34)]
    [InlineData("SIGRTMIN+3", 37)]
    [InlineData("RTMAX-1", 63)]
    [InlineData("0", 0)]
    [InlineData("64", 64)]
    public void Signals_parse_by_number_or_name(string text, int expected)
    {
        Assert.True(Signal.TryParse(text, out var signal));
        Assert.Equal(expected, signal);
    }

    [Theory]
    [InlineData("65")]
    [InlineData("-1")]
    [InlineData("TERMINATE")]
    [InlineData("RTMIN+31")]
    [InlineData("")]
    public void Bad_signals_do_not_parse(string text) => Assert.False(Signal.TryParse(text, out _));

    [Fact]
    public void Signal_names_round_trip()
    {
        for (var s = 1; s <= 64; s++)
        {
            if (s is 32 or 33) continue;
            Assert.True(Signal.TryParse(Signal.Name(s), out var back));
            Assert.Equal(s, back);
        }
    }

    [Fact]
    public void Rewrite_table_maps_job_control_to_STOP_only_in_session_mode()
    {
        Assert.Equal(Signal.STOP, RewriteTable.Build([], sessionMode: true).Apply(Signal.TSTP));
        Assert.Equal(Signal.TSTP, RewriteTable.Build([], sessionMode: false).Apply(Signal.TSTP));
        Assert.Equal(Signal.TSTP, RewriteTable.Build([(Signal.TSTP, Signal.TSTP)], sessionMode: true).Apply(Signal.TSTP));
        Assert.Equal(0, RewriteTable.Build([(15, 0)], sessionMode: true).Apply(15));
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1500ms", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5", 1_500)]
    [InlineData("45", 45_000)]
    public void Durations_parse(string text, int milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("-3s")]
    [InlineData("3 days")]
    public void Bad_durations_do_not_parse(string text) => Assert.False(Duration.TryParse(text, out _));

    [Theory]
    [InlineData("passenger stop --port 5000", new[] { "passenger", "stop", "--port", "5000" })]
    [InlineData("sh -c 'echo a; echo b'", new[] { "sh", "-c", "echo a; echo b" })]
    [InlineData("echo \"a \\\"b\\\"\" c\\ d", new[] { "echo", "a \"b\"", "c d" })]
    [InlineData("  x  ''  ", new[] { "x", "" })]
    public void Command_words_split_like_a_shell_would_quote_them(string text, string[] expected) =>
        Assert.Equal(expected, CommandWords.Split(text));

    [Fact]
    public void Idle_hook_reads_connections_on_its_port_from_the_kernel_table()
    {
        const string table =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" +
            "   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n" +
            "   1: 0100007F:1388 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 2 1\n" +
            "   2: 0100007F:1388 0100007F:D432 06 00000000:00000000 00:00000000 00000000     0        0 0 3\n" +
            "   3: 0100007F:D431 0100007F:1388 01 00000000:00000000 00:00000000 00000000     0        0 4 1\n";
        var found = new HashSet<string>();
        IdleHook.ConnectionsOnPort(table, 5000, found);
        Assert.Equal(new HashSet<string> { "0100007F:1388 0100007F:D431", "0100007F:1388 0100007F:D432" }, found);
    }

    [Fact]
    public void Hooks_parse_into_their_kinds()
    {
        Assert.IsType<DelayHook>(PreStopHooks.Parse("delay:30s"));
        Assert.IsType<ExecHook>(PreStopHooks.Parse("exec:passenger-status"));
        Assert.Equal("http://127.0.0.1:8080/drain", Assert.IsType<HttpHook>(PreStopHooks.Parse("http://127.0.0.1:8080/drain")).Spec);
        Assert.Equal("https://example.org:443/", Assert.IsType<HttpHook>(PreStopHooks.Parse("https:https://example.org/")).Spec);
        var idle = Assert.IsType<IdleHook>(PreStopHooks.Parse("idle:5000,quiet=1s,max=10s"));
        Assert.Equal((5000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)), (idle.Port, idle.Quiet, idle.Max));
    }
}
