using GracefulInit.Cli;
using GracefulInit.Hooks;

namespace GracefulInit.Tests.Cli;

public class CommandLineTests
{
    private static readonly Dictionary<string, string> NoEnvironment = new();

    private static InitOptions Parse(string[] args, Dictionary<string, string>? environment = null) =>
        CommandLine.Parse(args, (environment ?? NoEnvironment).GetValueOrDefault).Options!;

    [Fact]
    public void Parsing_stops_at_the_first_word_that_is_not_an_option()
    {
        var options = Parse(["-v", "ls", "-la", "--rewrite", "x"]);
        Assert.Equal(["ls", "-la", "--rewrite", "x"], options.Command);
        Assert.Equal(1, options.CommandIndex);
        Assert.True(options.Verbose);
        Assert.Empty(options.RewriteRules);
    }

    [Fact]
    public void Double_dash_ends_the_options()
    {
        var options = Parse(["-r", "15:10", "--", "-v"]);
        Assert.Equal(["-v"], options.Command);
        Assert.Equal(3, options.CommandIndex);
        Assert.False(options.Verbose);
    }

    [Fact]
    public void Short_flags_bundle_and_values_attach()
    {
        var options = Parse(["-cvs", "-r15:10", "-e", "143", "--rewrite=INT:0", "true"]);
        Assert.True(options.SingleChild);
        Assert.True(options.Verbose);
        Assert.True(options.Subreaper);
        Assert.Equal([(15, 10), (2, 0)], options.RewriteRules);
        Assert.Contains(143, options.RemapExit);
    }

    [Fact]
    public void Pre_stop_steps_keep_their_order_with_the_delay_shorthand()
    {
        var options = Parse(["--pre-stop-delay", "3s", "--pre-stop", "exec:echo hi", "--pre-stop-delay=1500ms", "true"]);
        Assert.Collection(options.PreStop,
            h => Assert.Equal(TimeSpan.FromSeconds(3), Assert.IsType<DelayHook>(h).Delay),
            h => Assert.Equal(["echo", "hi"], Assert.IsType<ExecHook>(h).Command),
            h => Assert.Equal(TimeSpan.FromMilliseconds(1500), Assert.IsType<DelayHook>(h).Delay));
    }

    [Fact]
    public void Pre_stop_steps_combine_command_line_and_environment_without_doubling()
    {
        var environment = new Dictionary<string, string> { ["GRACEFUL_INIT_PRE_STOP"] = "exec:a", ["GRACEFUL_INIT_PRE_STOP_DELAY"] = "5s" };
        // Hooks on the command line, delay from the environment (the Procfile + platform settings case).
        Assert.Equal(["exec:b", "delay:5s"], Parse(["--pre-stop", "exec:b", "true"], environment).PreStop.Select(h => h.Spec));
        // The delay on both: the command line's wins, once.
        Assert.Equal(["exec:a", "delay:1s"], Parse(["--pre-stop-delay", "1s", "true"], environment).PreStop.Select(h => h.Spec));
        Assert.Equal(["exec:a", "delay:5s"], Parse(["true"], environment).PreStop.Select(h => h.Spec));
    }

    [Fact]
    public void A_bad_delay_is_reported_under_its_own_name()
    {
        var error = Assert.Throws<UsageException>(() => Parse(["--pre-stop-delay", "soon", "true"]));
        Assert.Contains("--pre-stop-delay", error.Message);
        var fromEnvironment = Assert.Throws<UsageException>(() => Parse(["true"], new() { ["GRACEFUL_INIT_PRE_STOP_DELAY"] = "soon" }));
        Assert.Contains("GRACEFUL_INIT_PRE_STOP_DELAY", fromEnvironment.Message);
    }

    [Fact]
    public void Every_option_has_an_environment_variable_and_flags_win()
    {
        var environment = new Dictionary<string, string>
        {
            ["GRACEFUL_INIT_REWRITE"] = "15:10,2:0",
            ["GRACEFUL_INIT_SINGLE_CHILD"] = "true",
            ["GRACEFUL_INIT_PRE_STOP"] = "exec:passenger-status; http://127.0.0.1:1/x",
            ["GRACEFUL_INIT_PRE_STOP_DELAY"] = "30s",
            ["GRACEFUL_INIT_STOP_TIMEOUT"] = "20s",
            ["GRACEFUL_INIT_GRACE_PERIOD"] = "60",
            ["GRACEFUL_INIT_STOP_SIGNALS"] = "TERM,INT",
            ["GRACEFUL_INIT_LOG_FORMAT"] = "json",
            ["GRACEFUL_INIT_REMAP_EXIT"] = "143",
        };
        var fromEnvironment = Parse(["true"], environment);
        Assert.Equal([(15, 10), (2, 0)], fromEnvironment.RewriteRules);
        Assert.True(fromEnvironment.SingleChild);
        Assert.Equal(3, fromEnvironment.PreStop.Count);
        Assert.IsType<DelayHook>(fromEnvironment.PreStop[2]);
        Assert.Equal(TimeSpan.FromSeconds(20), fromEnvironment.StopTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), fromEnvironment.GracePeriod);
        Assert.Equal(new HashSet<int> { 15, 2 }, fromEnvironment.StopSignals);
        Assert.Equal(LogFormat.Json, fromEnvironment.LogFormat);

        var flagsWin = Parse(["-r", "15:12", "--stop-timeout", "5s", "true"], environment);
        Assert.Equal([(15, 12)], flagsWin.RewriteRules);
        Assert.Equal(TimeSpan.FromSeconds(5), flagsWin.StopTimeout);
    }

    [Fact]
    public void Dumb_init_and_tini_variables_are_honoured()
    {
        var options = Parse(["true"], new() { ["DUMB_INIT_SETSID"] = "0", ["DUMB_INIT_DEBUG"] = "1", ["TINI_SUBREAPER"] = "" });
        Assert.True(options.SingleChild);
        Assert.True(options.Verbose);
        Assert.True(options.Subreaper);
    }

    [Theory]
    [InlineData("GRACEFUL_INIT_VERBOSE", "maybe")]
    [InlineData("GRACEFUL_INIT_STOP_TIMEOUT", "soon")]
    [InlineData("GRACEFUL_INIT_PRE_STOP", "nap:3s")]
    [InlineData("GRACEFUL_INIT_LOG_FORMAT", "xml")]
    public void A_malformed_environment_value_is_an_error_naming_the_variable(string name, string value)
    {
        var error = Assert.Throws<UsageException>(() => Parse(["true"], new() { [name] = value }));
        Assert.Contains(name, error.Message);
        Assert.Contains(value, error.Message);
    }

    [Theory]
    [InlineData("--stop-timeout", "-1s")]
    [InlineData("--grace-period", "1s")]
    [InlineData("--pre-stop", "idle:0")]
    [InlineData("--pre-stop", "idle:80,quiet=x")]
    [InlineData("--pre-stop", "exec:")]
    [InlineData("--pre-stop", "ftp://x")]
    [InlineData("--stop-signals", "KILL")]
    [InlineData("--stop-exec", "'unterminated")]
    public void Bad_values_are_usage_errors_naming_the_option(string option, string value)
    {
        var error = Assert.Throws<UsageException>(() => Parse([option, value, "true"]));
        Assert.Contains(option, error.Message);
    }

    [Fact]
    public void No_command_is_a_usage_error()
    {
        Assert.Throws<UsageException>(() => Parse(["-v"]));
    }

    [Fact]
    public void Help_and_version_are_texts_to_print()
    {
        Assert.Contains("--grace-period", CommandLine.Parse(["-h"], NoEnvironment.GetValueOrDefault).Output);
        Assert.Equal($"graceful-init {CommandLine.Version}\n", CommandLine.Parse(["-V"], NoEnvironment.GetValueOrDefault).Output);
    }

    [Fact]
    public void Drain_file_is_made_absolute_before_graceful_init_leaves_its_directory()
    {
        var options = Parse(["--drain-file", "drain", "true"]);
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "drain"), options.DrainFile);
    }
}
