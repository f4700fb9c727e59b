using System.Text;

namespace GracefulInit.Logging;

/// <summary>Writes --help and --version to fd 1 without System.Console (see <see cref="Stderr"/>).</summary>
internal static class StandardOutput
{
    public static void Write(string text) => Stderr.WriteAll(1, Encoding.UTF8.GetBytes(text));
}
