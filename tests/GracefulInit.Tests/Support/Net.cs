using System.Net;
using System.Net.Sockets;

namespace GracefulInit.Tests.Support;

public static class Net
{
    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One request to the recorder's port; true if it answered.</summary>
    public static bool Request(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.ReceiveTimeout = client.SendTimeout = 2000;
            client.Connect(IPAddress.Loopback, port);
            var stream = client.GetStream();
            stream.Write("GET / HTTP/1.0\r\n\r\n"u8);
            var buffer = new byte[64];
            return stream.Read(buffer) > 0 && System.Text.Encoding.ASCII.GetString(buffer).StartsWith("HTTP/1.0 200");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }

    /// <summary>True once something accepts TCP connections on the port.</summary>
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static double Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
