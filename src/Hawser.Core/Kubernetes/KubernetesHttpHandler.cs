using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Hawser.Kubernetes;

/// <summary>
/// Builds the one pooled <see cref="SocketsHttpHandler"/> a cluster's client uses: TLS as the kubeconfig says, the client
/// certificate of the current credential, the proxy, gzip, HTTP/2 keep-alive pings (dead connections are noticed, as
/// client-go's ReadIdleTimeout), and several HTTP/2 connections when one is full of watches.
/// </summary>
internal static class KubernetesHttpHandler
{
    public static SocketsHttpHandler Create(ClusterSettings settings, KubernetesClientOptions options, Func<X509Certificate2?> clientCertificate)
    {
        var validator = new ServerCertificateValidator(settings.CertificateAuthorities, settings.InsecureSkipTlsVerify, settings.ExpectedHost);
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip,
            ConnectTimeout = options.EffectiveConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            // New requests move to fresh connections now and then: a rotated exec client certificate or a changed
            // load-balancer target is picked up; streams already open (watches) keep their connection.
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            MaxConnectionsPerServer = 64,
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = validator.Validate,
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate()!,
            },
        };
        if (settings.ProxyUrl is not null)
        {
            handler.Proxy = new WebProxy(settings.ProxyUrl);
            handler.UseProxy = true;
        }
        return handler;
    }
}
