namespace Hawser.Settings;

/// <summary>Reads repository Secrets and credential templates. Errors and warnings name the key, never a value.</summary>
internal static class RepositorySecretReader
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "url", "type", "name", "project", "username", "password", "sshPrivateKey", "insecure", "insecureIgnoreHostKey",
        "tlsClientCertData", "tlsClientCertKey", "enableOCI",
    };

    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["githubAppID"] = "GitHub App authentication is not supported by Hawser; use a token as password",
        ["githubAppInstallationID"] = "GitHub App authentication is not supported by Hawser; use a token as password",
        ["githubAppPrivateKey"] = "GitHub App authentication is not supported by Hawser; use a token as password",
        ["githubAppEnterpriseBaseUrl"] = "GitHub App authentication is not supported by Hawser; use a token as password",
        ["gcpServiceAccountKey"] = "Google Cloud Source authentication is not supported by Hawser",
        ["useAzureWorkloadIdentity"] = "Azure workload identity is not supported by Hawser",
        ["bearerToken"] = "bearer-token authentication is not supported by Hawser; use username and password",
        ["proxy"] = "a per-repository proxy is not supported by Hawser; set HTTPS_PROXY for the process",
        ["noProxy"] = "a per-repository proxy is not supported by Hawser; set NO_PROXY for the process",
        ["forceHttpBasicAuth"] = "Hawser always offers basic auth when a password is given",
        ["enableLfs"] = "Git LFS is not supported by Hawser",
        ["insecureOCIForceHttp"] = "use the OCI registry over HTTPS, or list it as a plain-HTTP registry of the server",
    };

    public static RepositorySecret? Read(SettingsObject secret, bool template, SettingsProblems problems)
    {
        foreach (var key in secret.Data.Keys.Where(k => !Keys.Contains(k)).Order(StringComparer.Ordinal))
            problems.Warn(secret, key, Unsupported.TryGetValue(key, out var why) ? why : "unknown key of a repository Secret, ignored");

        var url = secret.Value("url")?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            problems.Error(secret, "url", template ? "required: the URL prefix the credentials apply to" : "required: the repository URL");
            return null;
        }
        var type = secret.Value("type")?.Trim() is { Length: > 0 } t ? t : "git";
        if (type is not ("git" or "helm"))
        {
            problems.Error(secret, "type", $"'{type}' is not git or helm");
            return null;
        }
        bool Flag(string key)
        {
            if (secret.Value(key) is not { } text) return false;
            if (bool.TryParse(text.Trim(), out var b)) return b;
            problems.Error(secret, key, $"'{text}' is not true or false");
            return false;
        }
        string? Plain(string key) => string.IsNullOrWhiteSpace(secret.Value(key)) ? null : secret.Value(key)!.Trim();
        SecretText? Hidden(string key) => string.IsNullOrEmpty(secret.Value(key)) ? null : new SecretText(secret.Value(key)!);

        var result = new RepositorySecret(
            secret.Name, template, url, type, Plain("name"), Plain("project"), Plain("username"), Hidden("password"),
            Hidden("sshPrivateKey"), Flag("insecure"), Flag("insecureIgnoreHostKey"), Plain("tlsClientCertData"), Hidden("tlsClientCertKey"),
            Flag("enableOCI"), secret.Origin);
        if ((result.TlsClientCertData is null) != (result.TlsClientCertKey is null))
            problems.Error(secret, "tlsClientCertData", "tlsClientCertData and tlsClientCertKey must be given together");
        if (result.Type == "helm" && result.TlsClientCertData is not null)
            problems.Warn(secret, "tlsClientCertData", "TLS client certificates are only presented to Git servers; Helm repositories get basic auth only");
        if (result.InsecureIgnoreHostKey) problems.Warn(secret, "insecureIgnoreHostKey", "deprecated in Argo CD (use insecure); honoured");
        return result;
    }
}
