using System.Diagnostics;
using System.Text.Json;
using GracefulInit.Tests.Support;

namespace GracefulInit.Tests.Shutdown;

/// <summary>Issue 4: the graceful stop sequence, run by the published binary as PID 1 with a recording child.</summary>
public class ShutdownSequenceTests
{
    private const int USR1 = 10, USR2 = 12, TERM = 15;

    [Fact]
    public void During_the_pre_stop_delay_the_child_keeps_serving_then_gets_USR1_and_never_TERM()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        var port = Net.FreePort();
        using var run = InitRun.Start(["--rewrite", "15:10", "--pre-stop-delay", "2s", .. child.Command("--serve", port.ToString(), "--exit-on", "10=0")]);
        child.WaitUntilReady();

        var sent = Net.Now;
        run.Signal(TERM);
        var served = 0;
        while (Net.Now < sent + 1.8)
        {
            Assert.True(Net.Request(port), "the child must keep answering during the delay");
            served++;
            Thread.Sleep(100);
        }
        run.WaitForExit();

        Assert.Equal(0, run.ExitCode);
        Assert.True(served >= 5);
        var usr1 = Assert.Single(child.Timed);
        Assert.Equal(USR1, usr1.Signal);
        Assert.True(usr1.Time >= sent + 1.9, $"USR1 came {usr1.Time - sent:0.00}s after TERM, before the 2s delay ended");
    }

    [Fact]
    public void Exec_hooks_run_in_order_with_the_delay_before_the_stop_signal_and_failures_do_not_stop_the_sequence()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        var order = scratch.File("order");
        string Mark(string name) => $"exec:sh -c 'echo {name} $(date +%s.%N) >> {order}'";
        using var run = InitRun.Start([
            "--pre-stop", Mark("first"),
            "--pre-stop", "exec:no-such-hook-command",
            "--pre-stop", "exec:false",
            "--pre-stop-delay", "500ms",
            "--pre-stop", Mark("second"),
            .. child.Command("--exit-on", "15=0")]);
        child.WaitUntilReady();
        run.Signal(TERM);
        run.WaitForExit();

        Assert.Equal(0, run.ExitCode);
        var marks = File.ReadAllLines(order).Select(l => l.Split(' ')).ToList();
        Assert.Equal(["first", "second"], marks.Select(m => m[0]));
        var first = double.Parse(marks[0][1], System.Globalization.CultureInfo.InvariantCulture);
        var second = double.Parse(marks[1][1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(second - first >= 0.45, "the delay runs between the two hooks");
        Assert.True(child.Timed.Single().Time >= second, "the stop signal comes after the last hook");
        Assert.Contains("no-such-hook-command", run.Stderr);
        Assert.Contains("command not found", run.Stderr);
        Assert.Contains("exit code 1", run.Stderr);
    }

    [Fact]
    public void A_hanging_hook_is_killed_when_its_time_is_up_and_the_sequence_goes_on()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        // --grace-period 7s leaves the pre-stop steps 3s (the other half is kept for the app to stop).
        using var run = InitRun.Start(["--grace-period", "7s", "--pre-stop", "exec:sleep 100", .. child.Command("--exit-on", "15=0")]);
        child.WaitUntilReady();
        run.Signal(TERM);
        run.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([TERM], child.Signals);
        Assert.Contains("timed out", run.Stderr);
    }

    [Fact]
    public void Stop_exec_replaces_the_signal_when_the_stop_signal_is_rewritten_to_nothing()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        var marker = scratch.File("stop-exec-ran");
        // The stop command tells the app to stop its own way (here: USR2 to the pid the child wrote in its ready file).
        var stop = $"sh -c 'touch {marker}; kill -USR2 $(cat {child.ReadyFile})'";
        using var run = InitRun.Start(["--rewrite", "15:0", "--stop-exec", stop, .. child.Command("--exit-on", "12=0")]);
        child.WaitUntilReady();
        run.Signal(TERM);
        run.WaitForExit();

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(marker));
        Assert.Equal([USR2], child.Signals); // nothing from graceful-init itself
    }

    [Fact]
    public void A_stop_exec_that_cannot_start_falls_back_to_the_rewritten_signal()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["--rewrite", "15:10", "--stop-exec", "no-such-stop-command", .. child.Command("--exit-on", "10=0")]);
        child.WaitUntilReady();
        run.Signal(TERM);
        run.WaitForExit();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([USR1], child.Signals);
        Assert.Contains("no-such-stop-command", run.Stderr);
        Assert.Contains("forwarding SIGTERM instead", run.Stderr);
    }

    [Fact]
    public void A_child_that_ignores_its_stop_signal_is_killed_with_its_group_when_the_stop_timeout_expires()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["--stop-timeout", "1s", .. child.Command("--ignore", "15", "--grandchild")]);
        child.WaitUntilReady();
        run.Signal(TERM);
        run.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.Equal(137, run.ExitCode);
        Assert.Contains("--stop-timeout 1s expired", run.Stderr);
        Assert.Contains("sending SIGKILL to its process group", run.Stderr);
        Assert.Contains(TERM, child.GrandchildSignals); // the group was told, too
    }

    [Fact]
    public void Grace_period_warns_at_start_and_ends_the_whole_shutdown_before_its_deadline()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["--grace-period", "5s", "--pre-stop-delay", "30s", .. child.Command()]); // records TERM, stays
        child.WaitUntilReady();
        Eventually.Assert(() => run.Stderr.Contains("will be shortened"), "the start-up warning");

        var clock = Stopwatch.StartNew();
        run.Signal(TERM);
        run.WaitForExit(TimeSpan.FromSeconds(30));
        clock.Stop();

        Assert.Equal(137, run.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the shutdown took {clock.Elapsed.TotalSeconds:0.00}s, past the 5s grace period");
        Assert.Contains("--grace-period 5s ends in 1s", run.Stderr);
        Assert.Equal([TERM], child.Signals); // the delay was cut short, the app was still told to stop
    }

    [Fact]
    public void The_child_exiting_during_the_delay_ends_graceful_init_with_its_code()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["--pre-stop-delay", "60s", .. child.Command("--exit-on", "12=3")]);
        child.WaitUntilReady();
        run.Signal(TERM);
        Eventually.Assert(() => run.Stderr.Contains("step pre-stop 1/1"), "the delay to start");
        run.Signal(USR2);
        run.WaitForExit(TimeSpan.FromSeconds(30)); // far less than the 60s delay

        Assert.Equal(3, run.ExitCode);
        Assert.Equal([USR2], child.Signals);
    }

    [Fact]
    public void A_second_TERM_does_not_restart_the_delay_and_other_signals_pass_at_once()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["--rewrite", "15:10", "--pre-stop-delay", "3s", .. child.Command("--exit-on", "10=0")]);
        child.WaitUntilReady();

        var first = Net.Now;
        run.Signal(TERM);
        Thread.Sleep(1500);
        run.Signal(TERM);
        run.Signal(USR2);
        child.WaitFor(USR2);
        Assert.DoesNotContain(USR1, child.Signals); // USR2 was forwarded during the delay
        run.WaitForExit();

        var usr1 = child.Timed.Single(s => s.Signal == USR1).Time;
        Assert.True(usr1 >= first + 2.9, "the delay was shortened");
        Assert.True(usr1 < first + 4.4, "the delay was restarted by the second TERM");
        Assert.Contains("SIGTERM again during the shutdown: ignored", run.Stderr);
    }

    [Fact]
    public void Drain_file_exists_from_the_stop_signal_until_exit()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        var drain = scratch.File("draining");
        using var run = InitRun.Start(["--drain-file", drain, "--pre-stop-delay", "1s", .. child.Command("--exit-on", "15=0")]);
        child.WaitUntilReady();
        Assert.False(File.Exists(drain));
        run.Signal(TERM);
        Eventually.Assert(() => File.Exists(drain), "the drain file to appear");
        Assert.Empty(child.Signals); // still in the delay: the file came first
        run.WaitForExit();
        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(drain));
    }

    [Fact]
    public void Idle_hook_waits_while_connections_keep_coming_and_moves_on_after_the_quiet_period()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        var port = Net.FreePort();
        using var run = InitRun.Start(["--pre-stop", $"idle:{port},quiet=2s,max=15s", .. child.Command("--serve", port.ToString(), "--exit-on", "15=0")]);
        child.WaitUntilReady();

        var sent = Net.Now;
        run.Signal(TERM);
        while (Net.Now < sent + 3) // traffic for 3s after TERM
        {
            Assert.True(Net.Request(port));
            Thread.Sleep(100);
        }
        var trafficStopped = Net.Now;
        run.WaitForExit();

        var term = child.Timed.Single().Time;
        Assert.True(term >= trafficStopped - 0.2, "the wait ended while connections were still coming");
        Assert.True(term < trafficStopped + 5, $"the wait lasted {term - trafficStopped:0.00}s past the traffic, quiet is 2s");
        Assert.Contains("no new connection on port", run.Stderr);
    }

    [Fact]
    public void Idle_hook_never_waits_past_max()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        var port = Net.FreePort();
        using var run = InitRun.Start(["--pre-stop", $"idle:{port},quiet=1s,max=2s", .. child.Command("--serve", port.ToString(), "--exit-on", "15=0")]);
        child.WaitUntilReady();

        var sent = Net.Now;
        run.Signal(TERM);
        while (!run.HasExited && Net.Now < sent + 15) { Net.Request(port); Thread.Sleep(100); }
        run.WaitForExit();

        var term = child.Timed.Single().Time;
        Assert.True(term >= sent + 1.9 && term < sent + 5, $"TERM came {term - sent:0.00}s after the stop signal; max is 2s");
        Assert.Contains("stopped waiting at 2s", run.Stderr);
    }

    [Fact]
    public void Http_hook_sends_its_request_before_the_stop_signal()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        var port = Net.FreePort();
        var requests = scratch.File("requests");
        using var server = Process.Start("python3", [Binary.Script("http_recorder.py"), port.ToString(), requests]);
        try
        {
            Eventually.Assert(() => Net.IsListening(port), "the test server to listen");
            using var run = InitRun.Start(["--pre-stop", $"http://127.0.0.1:{port}/prestop?x=1", .. child.Command("--exit-on", "15=0")]);
            child.WaitUntilReady();
            run.Signal(TERM);
            run.WaitForExit();

            var request = File.ReadAllLines(requests).Single().Split(' ');
            Assert.Equal("/prestop?x=1", request[1]);
            Assert.True(double.Parse(request[2], System.Globalization.CultureInfo.InvariantCulture) <= child.Timed.Single().Time);
            Assert.Contains("200 OK", run.Stderr);
        }
        finally
        {
            server.Kill();
        }
    }

    [Fact]
    public void Https_hook_verifies_the_certificate_with_the_systems_OpenSSL()
    {
        using var scratch = new Scratch();
        var cert = scratch.File("cert.pem");
        var key = scratch.File("key.pem");
        using (var openssl = Process.Start("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                   "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"])!)
            openssl.WaitForExit();
        var port = Net.FreePort();
        var requests = scratch.File("requests");
        using var server = Process.Start("python3", [Binary.Script("http_recorder.py"), port.ToString(), requests, cert, key]);
        try
        {
            string Shutdown(bool trusted)
            {
                var child = new Recorder(scratch, trusted ? "trusted" : "untrusted");
                using var run = InitRun.Start(["--pre-stop", $"https://localhost:{port}/tls", .. child.Command("--exit-on", "15=0")],
                    trusted ? new Dictionary<string, string> { ["SSL_CERT_FILE"] = cert } : null);
                child.WaitUntilReady();
                run.Signal(TERM);
                run.WaitForExit();
                Assert.Equal([TERM], child.Signals); // the sequence goes on either way
                return run.Stderr;
            }

            Eventually.Assert(() => Net.IsListening(port), "the https test server to listen");
            Assert.Contains("TLS handshake failed", Shutdown(trusted: false));
            Assert.Contains("GET answered 'HTTP/1.0 200 OK'", Shutdown(trusted: true));
            Assert.Contains("GET /tls", File.ReadAllText(requests));
        }
        finally
        {
            server.Kill();
        }
    }

    [Fact]
    public void Json_logs_are_one_object_per_line_with_the_steps_in_order()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        using var run = InitRun.Start(["--log-format", "json", "--rewrite", "15:10", "--pre-stop", "exec:true", "--pre-stop-delay", "200ms",
            "--stop-timeout", "5s", .. child.Command("--exit-on", "10=0")]);
        child.WaitUntilReady();
        run.Signal(TERM);
        run.WaitForExit();

        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 6, run.Stderr);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(events, e =>
        {
            Assert.True(e.TryGetProperty("timestamp", out _));
            Assert.True(e.TryGetProperty("level", out _));
            Assert.True(e.TryGetProperty("message", out _));
        });
        var steps = events.Where(e => e.TryGetProperty("step", out _)).Select(e => e.GetProperty("step").GetString()!).Distinct().ToList();
        Assert.Equal(["pre-stop 1/2 exec:true", "pre-stop 2/2 delay:200ms", "stop", "exit"], steps);
        Assert.Contains(events, e => e.TryGetProperty("signal", out var s) && s.GetString() == "SIGTERM");
        Assert.Contains(events, e => e.TryGetProperty("duration_ms", out var d) && d.ValueKind == JsonValueKind.Number);
        Assert.Contains(events, e => e.TryGetProperty("exit_code", out var c) && c.GetInt32() == 0);
    }

    [Fact]
    public void The_same_configuration_through_the_environment_behaves_the_same()
    {
        using var scratch = new Scratch();
        var child = new Recorder(scratch);
        var drain = scratch.File("draining");
        using var run = InitRun.Start(child.Command("--exit-on", "10=0"), new Dictionary<string, string>
        {
            ["GRACEFUL_INIT_REWRITE"] = "15:10",
            ["GRACEFUL_INIT_PRE_STOP_DELAY"] = "2s",
            ["GRACEFUL_INIT_DRAIN_FILE"] = drain,
            ["GRACEFUL_INIT_STOP_TIMEOUT"] = "5s",
        });
        child.WaitUntilReady();
        var sent = Net.Now;
        run.Signal(TERM);
        Eventually.Assert(() => File.Exists(drain), "the drain file to appear");
        run.WaitForExit();

        Assert.Equal(0, run.ExitCode);
        var usr1 = Assert.Single(child.Timed);
        Assert.Equal(USR1, usr1.Signal);
        Assert.True(usr1.Time >= sent + 1.9);
        Assert.False(File.Exists(drain));
    }
}
