using System.Text;
using GracefulInit.Interop;

namespace GracefulInit.Logging;

/// <summary>Writes --help and --version to fd 1 without System.Console (see <see cref="Stderr"/>).</summary>
internal static class StandardOutput
{
    public static unsafe void Write(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* start = bytes)
        {
            for (var offset = 0; offset < bytes.Length;)
            {
                var written = Libc.Write(1, start + offset, (nuint)(bytes.Length - offset));
                if (written <= 0) return;
                offset += (int)written;
            }
        }
    }
}
