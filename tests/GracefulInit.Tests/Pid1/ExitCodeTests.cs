using GracefulInit.Tests.Support;

namespace GracefulInit.Tests.Pid1;

public class ExitCodeTests
{
    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("exit 255", 255)]
    [InlineData("kill -KILL $$", 137)]
    [InlineData("kill -TERM $$", 143)]
    [InlineData("kill -SEGV $$", 139)]
    public void Exit_code_is_the_childs(string script, int expected)
    {
        using var run = InitRun.Run(["--", "sh", "-c", script]);
        Assert.Equal(expected, run.ExitCode);
    }

    [Fact]
    public void Missing_command_exits_127_with_one_line_naming_it()
    {
        using var run = InitRun.Run(["no-such-command-xyz"]);
        Assert.Equal(127, run.ExitCode);
        var line = Assert.Single(Lines(run.Stderr));
        Assert.Contains("no-such-command-xyz", line);
        Assert.Contains("not found", line);
    }

    [Fact]
    public void Non_executable_file_exits_126_with_one_line_naming_it()
    {
        using var scratch = new Scratch();
        var file = scratch.File("plain.txt");
        File.WriteAllText(file, "echo hi\n");
        using var run = InitRun.Run([file]);
        Assert.Equal(126, run.ExitCode);
        var line = Assert.Single(Lines(run.Stderr));
        Assert.Contains(file, line);
        Assert.Contains("permission denied", line);
    }

    [Fact]
    public void Directory_exits_126_with_one_line_naming_it()
    {
        using var scratch = new Scratch();
        using var run = InitRun.Run([scratch.Dir]);
        Assert.Equal(126, run.ExitCode);
        var line = Assert.Single(Lines(run.Stderr));
        Assert.Contains(scratch.Dir, line);
        Assert.Contains("directory", line);
    }

    [Fact]
    public void Remapped_exit_code_is_reported_as_zero()
    {
        using var remapped = InitRun.Run(["-e", "143", "--", "sh", "-c", "kill -TERM $$"]);
        Assert.Equal(0, remapped.ExitCode);
        using var other = InitRun.Run(["-e", "143", "--", "sh", "-c", "exit 2"]);
        Assert.Equal(2, other.ExitCode);
    }

    [Fact]
    public void Exit_code_is_never_lost_over_20_runs_with_orphans_exiting_alongside()
    {
        // Orphans exit at the same moment as the child: if anything but graceful-init reaped, a status would be lost.
        for (var i = 0; i < 20; i++)
        {
            using var run = InitRun.Run(["sh", "-c", "for i in 1 2 3 4 5; do (sleep 0.01 &) ; done; exit 7"]);
            Assert.Equal(7, run.ExitCode);
        }
    }

    internal static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
