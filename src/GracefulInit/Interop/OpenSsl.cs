using System.Runtime.InteropServices;

namespace GracefulInit.Interop;

/// <summary>
/// The few OpenSSL 3 calls the https: hook needs. Not linked: libssl.so.3 is loaded on the first https request
/// (as .NET's own TLS does), so `ldd` stays glibc-only and an image without OpenSSL only loses https hooks.
/// </summary>
internal static unsafe partial class OpenSsl
{
    private const string Lib = "libssl.so.3";

    public const int SSL_VERIFY_PEER = 1, SSL_CTRL_SET_TLSEXT_HOSTNAME = 55, TLSEXT_NAMETYPE_host_name = 0;

    [LibraryImport(Lib, EntryPoint = "TLS_client_method")]
    public static partial void* TlsClientMethod();

    [LibraryImport(Lib, EntryPoint = "SSL_CTX_new")]
    public static partial void* SslCtxNew(void* method);

    [LibraryImport(Lib, EntryPoint = "SSL_CTX_free")]
    public static partial void SslCtxFree(void* context);

    [LibraryImport(Lib, EntryPoint = "SSL_CTX_set_default_verify_paths")]
    public static partial int SslCtxSetDefaultVerifyPaths(void* context);

    [LibraryImport(Lib, EntryPoint = "SSL_CTX_set_verify")]
    public static partial void SslCtxSetVerify(void* context, int mode, void* callback);

    [LibraryImport(Lib, EntryPoint = "SSL_new")]
    public static partial void* SslNew(void* context);

    [LibraryImport(Lib, EntryPoint = "SSL_free")]
    public static partial void SslFree(void* ssl);

    [LibraryImport(Lib, EntryPoint = "SSL_set_fd")]
    public static partial int SslSetFd(void* ssl, int fd);

    [LibraryImport(Lib, EntryPoint = "SSL_ctrl")]
    public static partial nint SslCtrl(void* ssl, int command, nint larg, void* parg);

    [LibraryImport(Lib, EntryPoint = "SSL_set1_host")]
    public static partial int SslSet1Host(void* ssl, byte* hostname);

    [LibraryImport(Lib, EntryPoint = "SSL_connect")]
    public static partial int SslConnect(void* ssl);

    [LibraryImport(Lib, EntryPoint = "SSL_write")]
    public static partial int SslWrite(void* ssl, byte* buffer, int count);

    [LibraryImport(Lib, EntryPoint = "SSL_read")]
    public static partial int SslRead(void* ssl, byte* buffer, int count);
}
