using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Hawser.Kubernetes;

/// <summary>
/// Loads the certificates a kubeconfig names: CA bundles and client certificates with RSA, EC or PKCS#8 keys, from files
/// or from base64 <c>-data</c> fields. Errors say which field is wrong, never what it contains.
/// </summary>
internal static class PemCertificates
{
    /// <summary>The CA bundle from a <c>-data</c> field (base64 of PEM) or a file; empty when neither is set.</summary>
    public static X509Certificate2Collection LoadAuthorities(string? file, string? data, string owner)
    {
        var collection = new X509Certificate2Collection();
        var pem = ReadPem(file, data, owner, "certificate-authority");
        if (pem is null) return collection;
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new KubeconfigException($"{owner}: certificate-authority is not a valid PEM certificate bundle ({e.Message})", e);
        }
        if (collection.Count == 0) throw new KubeconfigException($"{owner}: certificate-authority holds no PEM certificate");
        return collection;
    }

    /// <summary>The client certificate with its private key, or null when the user has none.</summary>
    public static X509Certificate2? LoadClientCertificate(string? certFile, string? certData, string? keyFile, string? keyData, string owner)
    {
        var certPem = ReadPem(certFile, certData, owner, "client-certificate");
        var keyPem = ReadPem(keyFile, keyData, owner, "client-key");
        if (certPem is null && keyPem is null) return null;
        if (certPem is null) throw new KubeconfigException($"{owner}: client-key is set but client-certificate is not");
        if (keyPem is null) throw new KubeconfigException($"{owner}: client-certificate is set but client-key is not");
        return FromPem(certPem, keyPem, owner);
    }

    /// <summary>Pairs a PEM certificate and PEM key (RSA, EC or PKCS#8) into a certificate usable for TLS client authentication.</summary>
    public static X509Certificate2 FromPem(string certPem, string keyPem, string owner)
    {
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certPem, keyPem);
            // A PKCS#12 round trip gives a persisted key handle, which SslStream needs on every platform.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException e)
        {
            throw new KubeconfigException($"{owner}: the client certificate and key do not form a usable pair ({e.Message})", e);
        }
        catch (ArgumentException e)
        {
            throw new KubeconfigException($"{owner}: the client certificate or key is not valid PEM ({e.Message})", e);
        }
    }

    private static string? ReadPem(string? file, string? data, string owner, string field)
    {
        if (!string.IsNullOrEmpty(data))
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data.Trim()));
            }
            catch (FormatException e)
            {
                throw new KubeconfigException($"{owner}: {field}-data is not valid base64", e);
            }
        }
        if (string.IsNullOrEmpty(file)) return null;
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException e)
        {
            throw new KubeconfigException($"{owner}: {field} file {file} could not be read ({e.Message})", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new KubeconfigException($"{owner}: {field} file {file} could not be read ({e.Message})", e);
        }
    }
}
