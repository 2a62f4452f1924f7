using System.Text.Json.Nodes;

namespace Hawser.Kubernetes;

/// <summary>
/// Finds, merges and resolves kubeconfig files exactly as kubectl does:
/// <list type="bullet">
/// <item>an explicit path (<c>--kubeconfig</c>) is the only file read, and must exist;</item>
/// <item>otherwise every file of <c>KUBECONFIG</c> (colon-separated, missing files ignored), in order;</item>
/// <item>otherwise <c>~/.kube/config</c>;</item>
/// <item>when files are merged, the first file that defines a cluster, user or context name wins, and the first non-empty
/// <c>current-context</c> wins;</item>
/// <item>relative paths inside a file are relative to that file's folder;</item>
/// <item>the namespace is the context's, else <c>default</c>.</item>
/// </list>
/// </summary>
internal static class KubeconfigLoader
{
    /// <summary>The files to read, in precedence order.</summary>
    public static IReadOnlyList<string> Locate(string? explicitPath, string? kubeconfigVariable, string? home)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            if (!File.Exists(explicitPath)) throw new KubeconfigException($"kubeconfig {explicitPath} does not exist");
            return [explicitPath];
        }
        if (!string.IsNullOrEmpty(kubeconfigVariable))
        {
            return kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.Ordinal)
                .Where(File.Exists)
                .ToList();
        }
        if (string.IsNullOrEmpty(home)) return [];
        var fallback = Path.Combine(home, ".kube", "config");
        return File.Exists(fallback) ? [fallback] : [];
    }

    /// <summary>Reads and merges the files located for these inputs (see <see cref="Locate"/>).</summary>
    public static KubeconfigFile LoadMerged(string? explicitPath, string? kubeconfigVariable, string? home)
    {
        var paths = Locate(explicitPath, kubeconfigVariable, home);
        if (paths.Count == 0)
            throw new KubeconfigException("no kubeconfig found: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config");
        return Merge(paths.Select(p => KubeconfigParser.Parse(ReadFile(p), p)).ToList());
    }

    /// <summary>Merges files: the first definition of each name wins, and the first non-empty current-context.</summary>
    public static KubeconfigFile Merge(IReadOnlyList<KubeconfigFile> files)
    {
        if (files.Count == 1) return files[0];
        return new KubeconfigFile(
            string.Join(Path.PathSeparator, files.Select(f => f.Path)),
            files.Select(f => f.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c)),
            FirstWins(files.SelectMany(f => f.Clusters), c => c.Name),
            FirstWins(files.SelectMany(f => f.Users), u => u.Name),
            FirstWins(files.SelectMany(f => f.Contexts), c => c.Name));
    }

    /// <summary>Resolves one context (the given one, else current-context) to connection settings.</summary>
    public static ClusterSettings Resolve(KubeconfigFile config, string? contextName, KubeconfigLoadOptions options, TimeProvider time)
    {
        var name = string.IsNullOrEmpty(contextName) ? config.CurrentContext : contextName;
        if (string.IsNullOrEmpty(name))
            throw new KubeconfigException($"{config.Path}: current-context is not set; pass --context");
        var context = config.Contexts.FirstOrDefault(c => c.Name == name)
            ?? throw new KubeconfigException($"{config.Path}: context \"{name}\" not found");
        var cluster = config.Clusters.FirstOrDefault(c => c.Name == context.Cluster)
            ?? throw new KubeconfigException($"{config.Path}: cluster \"{context.Cluster}\" of context \"{name}\" not found");
        KubeconfigUser? user = null;
        if (!string.IsNullOrEmpty(context.User))
        {
            user = config.Users.FirstOrDefault(u => u.Name == context.User)
                ?? throw new KubeconfigException($"{config.Path}: user \"{context.User}\" of context \"{name}\" not found");
        }

        if (string.IsNullOrEmpty(cluster.Server))
            throw new KubeconfigException($"{cluster.DefinedIn}: cluster \"{cluster.Name}\" has no server");
        if (!Uri.TryCreate(cluster.Server, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
            throw new KubeconfigException($"{cluster.DefinedIn}: cluster \"{cluster.Name}\" has an invalid server URL \"{cluster.Server}\"");
        Uri? proxy = null;
        if (!string.IsNullOrEmpty(cluster.ProxyUrl) && !Uri.TryCreate(cluster.ProxyUrl, UriKind.Absolute, out proxy))
            throw new KubeconfigException($"{cluster.DefinedIn}: cluster \"{cluster.Name}\" has an invalid proxy-url");

        if (!options.AllowLocalFiles)
        {
            RefuseFile(cluster.CertificateAuthority, "certificate-authority", $"cluster \"{cluster.Name}\"");
            RefuseFile(user?.ClientCertificate, "client-certificate", $"user \"{user?.Name}\"");
            RefuseFile(user?.ClientKey, "client-key", $"user \"{user?.Name}\"");
            RefuseFile(user?.TokenFile, "tokenFile", $"user \"{user?.Name}\"");
        }

        var authorities = PemCertificates.LoadAuthorities(cluster.CertificateAuthority, cluster.CertificateAuthorityData, $"cluster \"{cluster.Name}\"");
        var settings = new ClusterSettings(
            name,
            server,
            string.IsNullOrEmpty(context.Namespace) ? "default" : context.Namespace,
            authorities,
            cluster.InsecureSkipTlsVerify,
            cluster.TlsServerName,
            proxy,
            StaticCredentialSource.Anonymous);
        return settings with { Credentials = Credentials(user, cluster, options, time) };
    }

    private static ICredentialSource Credentials(KubeconfigUser? user, KubeconfigCluster cluster, KubeconfigLoadOptions options, TimeProvider time)
    {
        if (user is null) return StaticCredentialSource.Anonymous;
        var owner = $"user \"{user.Name}\"";
        if (user.AuthProvider is not null)
        {
            throw new KubeconfigException(options.AllowExec
                ? $"{owner}: auth-provider \"{user.AuthProvider}\" is not supported (removed from kubectl 1.26); use an exec credential plugin such as kubelogin or gke-gcloud-auth-plugin"
                : $"{owner}: auth-provider is not allowed in a kubeconfig that did not come from the user");
        }
        var certificate = PemCertificates.LoadClientCertificate(user.ClientCertificate, user.ClientCertificateData, user.ClientKey, user.ClientKeyData, owner);

        if (user.Exec is not null)
        {
            if (!options.AllowExec)
                throw new KubeconfigException($"{owner}: exec credential plugins are not allowed in a kubeconfig that did not come from the user (it could run any command)");
            if (!ExecCredentialSource.SupportedApiVersions.Contains(user.Exec.ApiVersion))
                throw new KubeconfigException($"{owner}: exec plugin apiVersion \"{user.Exec.ApiVersion}\" is not supported; use {string.Join(" or ", ExecCredentialSource.SupportedApiVersions)}");
            if (string.IsNullOrEmpty(user.Exec.Command))
                throw new KubeconfigException($"{owner}: exec plugin has no command");
            if (user.Exec.InteractiveMode == "Always")
                throw new KubeconfigException($"{owner}: exec plugin needs an interactive terminal (interactiveMode: Always), which Hawser never has");
            return new ExecCredentialSource(user.Exec, user.Name, ClusterInfo(cluster), time);
        }
        if (!string.IsNullOrEmpty(user.Token))
            return new StaticCredentialSource(new ClientCredential("Bearer " + user.Token, certificate));
        if (!string.IsNullOrEmpty(user.TokenFile))
            return new TokenFileCredentialSource(user.TokenFile, certificate, time);
        if (!string.IsNullOrEmpty(user.Username) || !string.IsNullOrEmpty(user.Password))
        {
            var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user.Username}:{user.Password}"));
            return new StaticCredentialSource(new ClientCredential("Basic " + basic, certificate));
        }
        return new StaticCredentialSource(new ClientCredential(null, certificate));
    }

    // The Cluster object of KUBERNETES_EXEC_INFO when provideClusterInfo is set.
    private static JsonObject ClusterInfo(KubeconfigCluster cluster)
    {
        var info = new JsonObject { ["server"] = cluster.Server };
        if (!string.IsNullOrEmpty(cluster.TlsServerName)) info["tls-server-name"] = cluster.TlsServerName;
        if (cluster.InsecureSkipTlsVerify) info["insecure-skip-tls-verify"] = true;
        if (!string.IsNullOrEmpty(cluster.ProxyUrl)) info["proxy-url"] = cluster.ProxyUrl;
        if (!string.IsNullOrEmpty(cluster.CertificateAuthorityData)) info["certificate-authority-data"] = cluster.CertificateAuthorityData;
        else if (!string.IsNullOrEmpty(cluster.CertificateAuthority) && File.Exists(cluster.CertificateAuthority))
            info["certificate-authority-data"] = Convert.ToBase64String(File.ReadAllBytes(cluster.CertificateAuthority));
        return info;
    }

    private static void RefuseFile(string? file, string field, string owner)
    {
        if (!string.IsNullOrEmpty(file))
            throw new KubeconfigException($"{owner}: {field} may not name a local file in a kubeconfig that did not come from the user; embed it as {field}-data");
    }

    private static List<T> FirstWins<T>(IEnumerable<T> items, Func<T, string> name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return items.Where(i => seen.Add(name(i))).ToList();
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new KubeconfigException($"kubeconfig {path} could not be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new KubeconfigException($"kubeconfig {path} could not be read: {e.Message}", e);
        }
    }
}
