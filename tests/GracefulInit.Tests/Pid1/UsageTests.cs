using GracefulInit.Tests.Support;

namespace GracefulInit.Tests.Pid1;

public class UsageTests
{
    public static TheoryData<string[]> BadCommandLines => new()
    {
        new string[] { },
        new[] { "-v" },
        new[] { "--no-such-option", "true" },
        new[] { "--rewrite", "15", "true" },
        new[] { "--rewrite", "15:", "true" },
        new[] { "--rewrite", ":10", "true" },
        new[] { "--rewrite", "abc:10", "true" },
        new[] { "--rewrite", "99:1", "true" },
        new[] { "--rewrite", "9:1", "true" },
        new[] { "--rewrite", "19:1", "true" },
        new[] { "--rewrite", "15:65", "true" },
        new[] { "-e", "256", "true" },
        new[] { "-p", "NOPE", "true" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void Bad_usage_exits_1_with_one_line_and_no_stack_trace(string[] arguments)
    {
        using var run = InitRun.Run(arguments);
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(ExitCodeTests.Lines(run.Stderr));
        Assert.StartsWith("graceful-init: ", line);
        Assert.Contains("--help", line);
        Assert.DoesNotContain(" at ", line);
        Assert.DoesNotContain("Exception", line);
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("15")]
    [InlineData("15:")]
    [InlineData(":10")]
    [InlineData("abc:10")]
    [InlineData("99:1")]
    [InlineData("9:1")]
    [InlineData("19:1")]
    [InlineData("15:65")]
    public void Bad_rewrite_from_the_environment_names_the_variable(string value)
    {
        using var run = InitRun.Run(["true"], new Dictionary<string, string> { ["GRACEFUL_INIT_REWRITE"] = value });
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(ExitCodeTests.Lines(run.Stderr));
        Assert.Contains("GRACEFUL_INIT_REWRITE", line);
        Assert.Contains(value, line);
    }

    [Fact]
    public void Bad_rewrite_names_the_value_and_the_problem()
    {
        using var run = InitRun.Run(["--rewrite", "9:1", "true"]);
        Assert.Contains("'9:1'", run.Stderr);
        Assert.Contains("SIGKILL cannot be caught", run.Stderr);
    }

    [Fact]
    public void Help_goes_to_stdout_and_exits_0()
    {
        using var run = InitRun.Run(["--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--rewrite", run.Stdout);
        Assert.Contains("--pre-stop", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Theory]
    [InlineData("-V")]
    [InlineData("--version")]
    public void Version_prints_name_and_version(string flag)
    {
        using var run = InitRun.Run([flag]);
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^graceful-init \d+\.\d+\.\d+\n$", run.Stdout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Words_after_the_command_belong_to_it(bool withDoubleDash)
    {
        string[] arguments = withDoubleDash ? ["--", "ls", "-la", "/"] : ["ls", "-la", "/"];
        using var run = InitRun.Run(arguments);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("proc", run.Stdout); // ls -la / lists /proc with details
        Assert.Contains("drwx", run.Stdout);
    }

    [Fact]
    public void Bundled_short_flags_parse()
    {
        using var run = InitRun.Run(["-cv", "--", "true"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("started true", run.Stderr); // -v took effect
    }

    [Fact]
    public void Options_after_the_command_are_the_commands()
    {
        using var run = InitRun.Run(["sh", "-c", "echo \"$@\"", "sh", "--rewrite", "x"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("--rewrite x\n", run.Stdout);
    }
}
