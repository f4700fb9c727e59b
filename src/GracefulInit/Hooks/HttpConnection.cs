using System.Runtime.InteropServices;
using System.Text;
using GracefulInit.Interop;

namespace GracefulInit.Hooks;

/// <summary>
/// One TCP connection for the http: hook, on libc sockets, with TLS from the system's OpenSSL for https.
/// Every failure is an IOException with a short reason. Connect, send and receive are bounded by the timeout.
/// </summary>
internal sealed unsafe class HttpConnection : IDisposable
{
    private int _fd;
    private void* _context, _ssl;

    private HttpConnection(int fd) => _fd = fd;

    public static HttpConnection Open(string host, int port, bool tls, TimeSpan timeout)
    {
        var connection = new HttpConnection(Connect(host, port, timeout));
        try
        {
            if (tls) connection.StartTls(host);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static int Connect(string host, int port, TimeSpan timeout)
    {
        var hints = new Libc.AddrInfo { Family = Libc.AF_UNSPEC, SockType = Libc.SOCK_STREAM };
        Libc.AddrInfo* addresses;
        var hostBytes = Encoding.UTF8.GetBytes(host + "\0");
        var portBytes = Encoding.ASCII.GetBytes(port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\0");
        fixed (byte* node = hostBytes)
        fixed (byte* service = portBytes)
        {
            if (Libc.GetAddrInfo(node, service, &hints, &addresses) != 0) throw new IOException($"cannot resolve {host}");
        }
        try
        {
            var reason = "no address";
            for (var a = addresses; a != null; a = a->Next)
            {
                var fd = Libc.Socket(a->Family, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
                if (fd < 0) continue;
                reason = ConnectWithin(fd, a->Addr, a->AddrLen, timeout);
                if (reason.Length == 0) return fd;
                Libc.Close(fd);
            }
            throw new IOException($"cannot connect to {host}:{port}: {reason}");
        }
        finally
        {
            Libc.FreeAddrInfo(addresses);
        }
    }

    /// <summary>A non-blocking connect polled up to the timeout; then back to blocking with send/receive timeouts. "" on success.</summary>
    private static string ConnectWithin(int fd, void* address, uint length, TimeSpan timeout)
    {
        var flags = Libc.Fcntl(fd, Libc.F_GETFL, 0);
        Libc.Fcntl(fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK);
        if (Libc.Connect(fd, address, length) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EINPROGRESS) return Libc.ErrorText(errno);
            var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLOUT };
            if (Libc.Poll(&poll, 1, (int)timeout.TotalMilliseconds) <= 0) return "timed out";
            int error;
            var size = (uint)sizeof(int);
            Libc.GetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_ERROR, &error, &size);
            if (error != 0) return Libc.ErrorText(error);
        }
        Libc.Fcntl(fd, Libc.F_SETFL, flags);
        var limit = new Libc.TimeVal { Seconds = (long)timeout.TotalSeconds, Microseconds = timeout.Milliseconds * 1000L };
        Libc.SetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, &limit, (uint)sizeof(Libc.TimeVal));
        Libc.SetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_SNDTIMEO, &limit, (uint)sizeof(Libc.TimeVal));
        return "";
    }

    private void StartTls(string host)
    {
        try
        {
            _context = OpenSsl.SslCtxNew(OpenSsl.TlsClientMethod());
            if (_context == null) throw new IOException("TLS: cannot create a context");
            OpenSsl.SslCtxSetDefaultVerifyPaths(_context);
            OpenSsl.SslCtxSetVerify(_context, OpenSsl.SSL_VERIFY_PEER, null);
            _ssl = OpenSsl.SslNew(_context);
            var name = Encoding.UTF8.GetBytes(host + "\0");
            fixed (byte* hostName = name)
            {
                OpenSsl.SslCtrl(_ssl, OpenSsl.SSL_CTRL_SET_TLSEXT_HOSTNAME, OpenSsl.TLSEXT_NAMETYPE_host_name, hostName);
                OpenSsl.SslSet1Host(_ssl, hostName);
            }
            OpenSsl.SslSetFd(_ssl, _fd);
            if (OpenSsl.SslConnect(_ssl) != 1) throw new IOException("TLS handshake failed (certificate not trusted, or not TLS)");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new IOException("https needs OpenSSL 3 (libssl.so.3) in the image");
        }
    }

    public void Send(byte[] bytes)
    {
        fixed (byte* start = bytes)
        {
            for (var offset = 0; offset < bytes.Length;)
            {
                var sent = _ssl != null
                    ? OpenSsl.SslWrite(_ssl, start + offset, bytes.Length - offset)
                    : (int)Libc.Write(_fd, start + offset, (nuint)(bytes.Length - offset));
                if (sent <= 0) throw new IOException("the request could not be sent");
                offset += sent;
            }
        }
    }

    /// <summary>The answer's first line ("HTTP/1.1 200 OK").</summary>
    public string ReadStatusLine()
    {
        var buffer = new byte[512];
        var length = 0;
        fixed (byte* start = buffer)
        {
            while (length < buffer.Length && Array.IndexOf(buffer, (byte)'\n', 0, length) < 0)
            {
                var read = _ssl != null
                    ? OpenSsl.SslRead(_ssl, start + length, buffer.Length - length)
                    : (int)Libc.Read(_fd, start + length, (nuint)(buffer.Length - length));
                if (read <= 0) break;
                length += read;
            }
        }
        if (length == 0) throw new IOException("no answer (closed or timed out)");
        var text = Encoding.ASCII.GetString(buffer, 0, length);
        var end = text.IndexOfAny(['\r', '\n']);
        return end >= 0 ? text[..end] : text;
    }

    public void Dispose()
    {
        if (_ssl != null) OpenSsl.SslFree(_ssl);
        if (_context != null) OpenSsl.SslCtxFree(_context);
        if (_fd >= 0) Libc.Close(_fd);
        _ssl = _context = null;
        _fd = -1;
    }
}
