using System.Text;

namespace GracefulInit.Cli;

/// <summary>
/// Splits "CMD ARGS" (the text of exec: hooks and --stop-exec) into words the way a POSIX shell would
/// quote them — single quotes, double quotes, backslash — without running a shell.
/// </summary>
internal static class CommandWords
{
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n':
                    if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; }
                    break;
                case '\'':
                    inWord = true;
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0) throw new UsageException($"unterminated ' in '{text}'");
                    current.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inWord = true;
                    for (i++; ; i++)
                    {
                        if (i >= text.Length) throw new UsageException($"unterminated \" in '{text}'");
                        if (text[i] == '"') break;
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`') i++;
                        current.Append(text[i]);
                    }
                    break;
                case '\\' when i + 1 < text.Length:
                    inWord = true;
                    current.Append(text[++i]);
                    break;
                default:
                    inWord = true;
                    current.Append(c);
                    break;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
