using System.CommandLine;
using System.Globalization;
using GracefulInit.Hooks;
using GracefulInit.Signals;

namespace GracefulInit.Cli;

/// <summary>What the command line asks for: run a command with these options, or print a text (help, version) and exit 0.</summary>
internal sealed record CliRequest(InitOptions? Options, string? Output);

/// <summary>
/// Parses graceful-init's command line and its GRACEFUL_INIT_* environment into one <see cref="InitOptions"/>.
/// Option parsing stops at the first word that is not an option (or at "--"): the rest is the command, untouched.
/// </summary>
internal static class CommandLine
{
    public const string Version = "0.1.0";
    private const string EnvPrefix = "GRACEFUL_INIT_";

    /// <summary>One option: its spellings, whether it takes a value, and its help line. The environment variable follows from the long name.</summary>
    private sealed record Spec(string Long, char? Short, string? Value, bool Repeatable, string Help)
    {
        public string EnvName => EnvPrefix + Long.ToUpperInvariant().Replace('-', '_');
        public bool TakesValue => Value != null;
    }

    private static readonly Spec[] Specs =
    [
        new("rewrite", 'r', "S:R", true, "Rewrite signal S to R before forwarding (numbers or names; R=0 drops it). Repeatable."),
        new("single-child", 'c', null, false, "Do not start a new session; signal only the direct child."),
        new("verbose", 'v', null, false, "Debug logging: every forwarded signal and reaped process."),
        new("quiet", 'q', null, false, "Log errors only."),
        new("subreaper", 's', null, false, "Register as child subreaper when not PID 1, so orphans are reaped."),
        new("process-group", 'g', null, false, "Signal the child's process group (meaningful with -c)."),
        new("remap-exit", 'e', "N", true, "Report the child's exit code N as 0. Repeatable."),
        new("pdeath-signal", 'p', "SIG", false, "Have the kernel send SIG to graceful-init when its parent dies."),
        new("pre-stop", null, "HOOK", true, "A step run on a stop signal before the app is told to stop: " + PreStopHooks.Forms + ". Repeatable, run in order."),
        new("pre-stop-delay", null, "DURATION", false, "Shorthand for --pre-stop delay:DURATION."),
        new("stop-signals", null, "LIST", false, "Signals that start the shutdown sequence (default TERM); others are forwarded at once."),
        new("stop-exec", null, "'CMD ARGS'", false, "Run this command to stop the app instead of forwarding the stop signal."),
        new("stop-timeout", null, "DURATION", false, "How long the child's group gets to exit once told to stop, before SIGKILL."),
        new("grace-period", null, "DURATION", false, "The platform's deadline (terminationGracePeriodSeconds): graceful-init sends the final SIGKILL 1s before it."),
        new("drain-file", null, "PATH", false, "Created when the shutdown sequence starts, removed at exit (for a readiness probe)."),
        new("log-format", null, "text|json", false, "Log format on stderr (default text)."),
    ];

    /// <param name="getEnvironment">Looks up one environment variable (null when unset).</param>
    public static CliRequest Parse(string[] args, Func<string, string?> getEnvironment)
    {
        var (optionTokens, commandIndex, steps) = SplitOptionsFromCommand(args);
        var raw = new Dictionary<string, RawValue>();
        // `graceful-init -- app` (the Dockerfile ENTRYPOINT form) has nothing to parse: the parser stays off the start-up path.
        if (optionTokens.Count > 0)
        {
            var (root, options, help, version) = BuildParser();
            var result = root.Parse(optionTokens, new ParserConfiguration { EnablePosixBundling = true, ResponseFileTokenReplacer = null });
            if (result.GetValue(help)) return new CliRequest(null, HelpText());
            if (result.Errors.Count > 0) throw new UsageException(result.Errors[0].Message.TrimEnd('.'));
            if (result.GetValue(version)) return new CliRequest(null, $"graceful-init {Version}\n");

            foreach (var spec in Specs)
            {
                var option = options[spec.Long];
                if (result.GetResult(option) is not { Implicit: false }) continue; // flags have an implicit "false"
                var values = option switch
                {
                    Option<string[]> many => result.GetValue(many) ?? [],
                    Option<string> one => [result.GetValue(one) ?? ""],
                    Option<bool> flag => result.GetValue(flag) ? ["1"] : ["0"],
                    _ => [],
                };
                raw[spec.Long] = new RawValue(values, "--" + spec.Long);
            }
        }
        AddEnvironment(raw, getEnvironment);
        raw["pre-stop"] = PreStopSteps(steps, raw);

        if (commandIndex >= args.Length) throw new UsageException("no command given: usage is graceful-init [OPTIONS] [--] COMMAND [ARGS...]");
        return new CliRequest(Build(raw, args[commandIndex..], commandIndex), null);
    }

    /// <summary>The values given for one option, each with where it came from ("--rewrite" or "GRACEFUL_INIT_REWRITE") for error messages.</summary>
    private sealed record RawValue(IReadOnlyList<(string Text, string Source)> Items)
    {
        public RawValue(IEnumerable<string> values, string source) : this(values.Select(v => (v, source)).ToList()) { }
    }

    /// <summary>
    /// Finds where the command starts: at "--" or at the first word that is neither an option nor an option's value.
    /// The --pre-stop and --pre-stop-delay values are taken out here, in the order given: steps run in that order.
    /// </summary>
    internal static (List<string> OptionTokens, int CommandIndex, List<(string Text, string Source)> PreStopSteps) SplitOptionsFromCommand(string[] args)
    {
        var tokens = new List<string>();
        var steps = new List<(string, string)>();
        for (var i = 0; i < args.Length; i++)
        {
            var word = args[i];
            if (word == "--") return (tokens, i + 1, steps);
            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = word.IndexOf('=');
                var name = eq < 0 ? word[2..] : word[2..eq];
                var spec = Specs.FirstOrDefault(s => s.Long == name);
                string? value = eq >= 0 ? word[(eq + 1)..] : null;
                if (spec is { TakesValue: true } && value == null && i + 1 < args.Length) value = args[++i];
                if (name is "pre-stop" or "pre-stop-delay" && value != null)
                {
                    steps.Add((name == "pre-stop" ? value : "delay:" + value, "--" + name));
                    continue;
                }
                tokens.Add(eq < 0 ? word : word[..eq]);
                if (value != null) tokens.Add(value);
                continue;
            }
            if (word.Length > 1 && word[0] == '-')
            {
                tokens.Add(word);
                // A bundle such as -cv or -r15:10: a value-taking letter takes the rest of the word, or the next word.
                for (var j = 1; j < word.Length; j++)
                {
                    var spec = Specs.FirstOrDefault(s => s.Short == word[j]);
                    if (spec is not { TakesValue: true }) continue;
                    if (j == word.Length - 1 && i + 1 < args.Length) tokens.Add(args[++i]);
                    break;
                }
                continue;
            }
            return (tokens, i, steps);
        }
        return (tokens, args.Length, steps);
    }

    /// <summary>
    /// A plain Command, not a RootCommand: the root's built-in help renderer, version option and completion
    /// directives add about 0.4 MB to a binary that is copied into every image. Help is rendered from <see cref="Specs"/>.
    /// </summary>
    private static (Command Root, Dictionary<string, Option> Options, Option<bool> Help, Option<bool> Version) BuildParser()
    {
        var root = new Command("graceful-init");
        var options = new Dictionary<string, Option>();
        foreach (var spec in Specs)
        {
            string[] aliases = spec.Short is { } s ? ["-" + s] : [];
            Option option = spec switch
            {
                { TakesValue: false } => new Option<bool>("--" + spec.Long, aliases),
                { Repeatable: true } => new Option<string[]>("--" + spec.Long, aliases) { AllowMultipleArgumentsPerToken = false },
                _ => new Option<string>("--" + spec.Long, aliases),
            };
            options[spec.Long] = option;
            root.Options.Add(option);
        }
        var help = new Option<bool>("--help", "-h", "-?");
        var version = new Option<bool>("--version", "-V");
        root.Options.Add(help);
        root.Options.Add(version);
        return (root, options, help, version);
    }

    private static string HelpText()
    {
        var text = new System.Text.StringBuilder();
        text.Append("Usage: graceful-init [OPTIONS] [--] COMMAND [ARGS...]\n\n")
            .Append("A container init (PID 1): starts COMMAND, forwards and rewrites signals, reaps zombies,\n")
            .Append("and stops the app gracefully. Option parsing stops at the first word that is not an option:\n")
            .Append("`graceful-init ls -la` runs `ls -la`.\n\nOptions:\n");
        foreach (var spec in Specs)
        {
            var names = (spec.Short is { } s ? $"-{s}, " : "    ") + "--" + spec.Long + (spec.Value is { } v ? " " + v : "");
            text.Append("  ").Append(names.PadRight(30)).Append(' ').Append(spec.Help).Append('\n')
                .Append(' ', 33).Append("env: ").Append(spec.EnvName).Append('\n');
        }
        text.Append("  -h, --help                     Show this help.\n")
            .Append("  -V, --version                  Print the version.\n\n")
            .Append("Flags win over the environment. DUMB_INIT_SETSID=0, DUMB_INIT_DEBUG=1, TINI_SUBREAPER and\n")
            .Append("TINI_KILL_PROCESS_GROUP are honoured too. Durations: 30s, 1500ms, 2m, or seconds.\n\n")
            .Append("Exit codes: the child's (128+N if killed by signal N; --remap-exit), 127 command not found,\n")
            .Append("126 command not executable, 1 bad usage or internal error.\n");
        return text.ToString();
    }

    /// <summary>Options not given on the command line are taken from the environment, dumb-init's and tini's variables included.</summary>
    private static void AddEnvironment(Dictionary<string, RawValue> raw, Func<string, string?> getEnvironment)
    {
        foreach (var spec in Specs)
        {
            if (raw.ContainsKey(spec.Long) || getEnvironment(spec.EnvName) is not { } text) continue;
            IReadOnlyList<string> values = spec switch
            {
                { TakesValue: false } => [ParseBoolean(text, spec.EnvName) ? "1" : "0"],
                { Long: "pre-stop" } => text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                { Repeatable: true } => text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries),
                _ => [text],
            };
            raw[spec.Long] = new RawValue(values, spec.EnvName);
        }
        if (!raw.ContainsKey("single-child") && getEnvironment("DUMB_INIT_SETSID") == "0")
            raw["single-child"] = new RawValue(["1"], "DUMB_INIT_SETSID");
        if (!raw.ContainsKey("verbose") && getEnvironment("DUMB_INIT_DEBUG") == "1")
            raw["verbose"] = new RawValue(["1"], "DUMB_INIT_DEBUG");
        if (!raw.ContainsKey("subreaper") && getEnvironment("TINI_SUBREAPER") != null)
            raw["subreaper"] = new RawValue(["1"], "TINI_SUBREAPER");
        if (!raw.ContainsKey("process-group") && getEnvironment("TINI_KILL_PROCESS_GROUP") != null)
            raw["process-group"] = new RawValue(["1"], "TINI_KILL_PROCESS_GROUP");
    }

    /// <summary>
    /// The pre-stop steps: the command line's --pre-stop and --pre-stop-delay in their order. Without any --pre-stop on
    /// the command line, GRACEFUL_INIT_PRE_STOP's steps come first; without --pre-stop-delay, GRACEFUL_INIT_PRE_STOP_DELAY comes last.
    /// </summary>
    private static RawValue PreStopSteps(List<(string Text, string Source)> commandLine, Dictionary<string, RawValue> environment)
    {
        var steps = new List<(string Text, string Source)>();
        if (!commandLine.Any(s => s.Source == "--pre-stop") && environment.TryGetValue("pre-stop", out var envSteps)) steps.AddRange(envSteps.Items);
        steps.AddRange(commandLine);
        if (!commandLine.Any(s => s.Source == "--pre-stop-delay") && environment.Remove("pre-stop-delay", out var envDelay))
            steps.AddRange(envDelay.Items.Select(d => ("delay:" + d.Text, d.Source)));
        return new RawValue(steps);
    }

    private static bool ParseBoolean(string text, string source) => text.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" or "" => false,
        _ => throw new UsageException($"invalid {source} value '{text}': expected 1/true/yes/on or 0/false/no/off"),
    };

    private static InitOptions Build(Dictionary<string, RawValue> raw, string[] command, int commandIndex)
    {
        var options = new InitOptions { Command = command, CommandIndex = commandIndex };
        bool Flag(string name) => raw.TryGetValue(name, out var v) && v.Items.Any(x => x.Text == "1");

        options = options with
        {
            SingleChild = Flag("single-child"),
            Verbose = Flag("verbose"),
            Quiet = Flag("quiet"),
            Subreaper = Flag("subreaper"),
            ProcessGroup = Flag("process-group"),
            RewriteRules = Each(raw, "rewrite", text =>
                RewriteTable.TryParseRule(text, out var rule) is { } error ? throw new UsageException(error) : rule),
            RemapExit = Each(raw, "remap-exit", text =>
                int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code <= 255
                    ? code : throw new UsageException("expected an exit code 0-255")).ToHashSet(),
            PdeathSignal = One(raw, "pdeath-signal", text =>
                Signal.TryParse(text, out var sig) && sig > 0 ? (int?)sig : throw new UsageException("expected a signal 1-64 or a name")),
            PreStop = Each(raw, "pre-stop", PreStopHooks.Parse),
            StopSignals = One(raw, "stop-signals", ParseStopSignals) ?? options.StopSignals,
            StopExec = One(raw, "stop-exec", text =>
                CommandWords.Split(text) is { Count: > 0 } words ? words : throw new UsageException("expected a command")),
            StopTimeout = One(raw, "stop-timeout", ParseDuration),
            GracePeriod = One(raw, "grace-period", ParseDuration),
            // Made absolute now: graceful-init changes to / once the child runs.
            DrainFile = One(raw, "drain-file", text => text.Length > 0 ? Path.GetFullPath(text) : throw new UsageException("expected a file path")),
            LogFormat = One(raw, "log-format", text => text.ToLowerInvariant() switch
            {
                "text" => LogFormat.Text,
                "json" => LogFormat.Json,
                _ => throw new UsageException("expected text or json"),
            }),
        };
        if (options.GracePeriod is { } grace && grace <= TimeSpan.FromSeconds(1))
            throw new UsageException($"invalid {raw["grace-period"].Items[^1].Source} value '{raw["grace-period"].Items[^1].Text}': must be more than 1s (the final SIGKILL comes 1s before it)");
        return options;
    }

    private static TimeSpan? ParseDuration(string text) =>
        Duration.TryParse(text, out var value) ? value : throw new UsageException("expected a duration such as 30s, 1500ms, 2m or a number of seconds");

    private static IReadOnlySet<int> ParseStopSignals(string text)
    {
        var signals = new HashSet<int>();
        foreach (var name in text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Signal.TryParse(name, out var sig) || !Signal.IsForwardable(sig))
                throw new UsageException($"'{name}' is not a signal that can start the shutdown");
            signals.Add(sig);
        }
        return signals.Count > 0 ? signals : throw new UsageException("expected at least one signal");
    }

    /// <summary>Converts every value of a repeatable option; a bad one becomes a usage error naming its source.</summary>
    private static IReadOnlyList<T> Each<T>(Dictionary<string, RawValue> raw, string name, Func<string, T> convert) =>
        raw.TryGetValue(name, out var given) ? given.Items.Select(item => Convert(item.Source, item.Text, convert)).ToList() : [];

    private static T? One<T>(Dictionary<string, RawValue> raw, string name, Func<string, T> convert) =>
        raw.TryGetValue(name, out var given) && given.Items.Count > 0 ? Convert(given.Items[^1].Source, given.Items[^1].Text, convert) : default;

    private static T Convert<T>(string source, string text, Func<string, T> convert)
    {
        try { return convert(text); }
        catch (UsageException e) { throw new UsageException($"invalid {source} value '{text}': {e.Message}"); }
    }
}
