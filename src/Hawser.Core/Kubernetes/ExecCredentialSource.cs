using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Processes;

namespace Hawser.Kubernetes;

/// <summary>
/// Runs a kubeconfig <c>exec</c> credential plugin (<c>client.authentication.k8s.io/v1</c> or <c>v1beta1</c>) and caches the
/// <c>ExecCredential</c> it prints until its <c>expirationTimestamp</c> (for ever when it has none), or until a 401.
/// Concurrent requests share one plugin run. Only constructed for kubeconfigs the user provided (see <see cref="KubeconfigLoadOptions"/>).
/// </summary>
internal sealed class ExecCredentialSource : ICredentialSource
{
    public static readonly IReadOnlyList<string> SupportedApiVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"];
    private static readonly TimeSpan PluginTimeout = TimeSpan.FromMinutes(1);

    private readonly ExecConfig _config;
    private readonly string _user;
    private readonly string _execInfo;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CachedCredential? _cached;

    public ExecCredentialSource(ExecConfig config, string user, JsonObject? clusterInfo, TimeProvider time)
    {
        _config = config;
        _user = user;
        _time = time;
        var spec = new JsonObject { ["interactive"] = false };
        if (config.ProvideClusterInfo && clusterInfo is not null) spec["cluster"] = clusterInfo;
        _execInfo = new JsonObject { ["apiVersion"] = config.ApiVersion, ["kind"] = "ExecCredential", ["spec"] = spec }.ToJsonString();
    }

    /// <summary>How many times the plugin ran (for tests and diagnostics).</summary>
    public int Runs { get; private set; }

    public async ValueTask<ClientCredential> GetAsync(CancellationToken cancellationToken)
    {
        var cached = Fresh();
        if (cached is not null) return cached;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            cached = Fresh();
            if (cached is not null) return cached;
            var (credential, expiry) = await RunPluginAsync(cancellationToken);
            _cached = new CachedCredential(credential, expiry);
            return credential;
        }
        finally
        {
            _gate.Release();
        }
    }

    public bool Invalidate()
    {
        _cached = null;
        return true;
    }

    private ClientCredential? Fresh()
    {
        var cached = _cached;
        if (cached is null) return null;
        return cached.Expiry is { } expiry && _time.GetUtcNow() >= expiry ? null : cached.Credential;
    }

    private async Task<(ClientCredential, DateTimeOffset?)> RunPluginAsync(CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in _config.Env) environment[name] = value;
        environment["KUBERNETES_EXEC_INFO"] = _execInfo;

        ProcessResult result;
        try
        {
            Runs++;
            result = await ProcessRunner.RunAsync(new ProcessSpec(_config.Command, _config.Args, Timeout: PluginTimeout, Environment: environment), cancellationToken);
        }
        catch (ToolException e)
        {
            var hint = string.IsNullOrWhiteSpace(_config.InstallHint) ? "" : " " + _config.InstallHint.Trim();
            throw new KubeconfigException($"user {_user}: exec plugin '{_config.Command}' could not be run: {e.Message}{hint}", e);
        }
        if (result.ExitCode != 0)
        {
            var detail = result.StandardError.Trim();
            if (detail.Length > 2000) detail = detail[..2000] + "…";
            throw new KubeconfigException($"user {_user}: exec plugin '{_config.Command}' failed (exit {result.ExitCode}): {detail}");
        }
        return Parse(result.StandardOutput);
    }

    // The plugin's output holds the credential: errors describe its shape, never quote it.
    private (ClientCredential, DateTimeOffset?) Parse(string stdout)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(stdout) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new KubeconfigException($"user {_user}: exec plugin '{_config.Command}' did not print an ExecCredential as JSON", e);
        }
        if (root is null || Str(root, "kind") != "ExecCredential")
            throw new KubeconfigException($"user {_user}: exec plugin '{_config.Command}' did not print an ExecCredential");
        var apiVersion = Str(root, "apiVersion");
        if (apiVersion != _config.ApiVersion)
            throw new KubeconfigException($"user {_user}: exec plugin '{_config.Command}' answered with apiVersion '{apiVersion}', expected '{_config.ApiVersion}'");
        if (root["status"] is not JsonObject status)
            throw new KubeconfigException($"user {_user}: exec plugin '{_config.Command}' printed an ExecCredential without status");

        var token = Str(status, "token");
        var certPem = Str(status, "clientCertificateData");
        var keyPem = Str(status, "clientKeyData");
        if (string.IsNullOrEmpty(token) && (string.IsNullOrEmpty(certPem) || string.IsNullOrEmpty(keyPem)))
            throw new KubeconfigException($"user {_user}: exec plugin '{_config.Command}' returned neither a token nor a client certificate and key");
        var certificate = !string.IsNullOrEmpty(certPem) && !string.IsNullOrEmpty(keyPem)
            ? PemCertificates.FromPem(certPem, keyPem, $"user {_user} (exec plugin)")
            : null;

        DateTimeOffset? expiry = null;
        var expiration = Str(status, "expirationTimestamp");
        if (!string.IsNullOrEmpty(expiration))
        {
            if (!DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                throw new KubeconfigException($"user {_user}: exec plugin '{_config.Command}' printed an invalid expirationTimestamp");
            expiry = parsed;
        }
        return (new ClientCredential(string.IsNullOrEmpty(token) ? null : "Bearer " + token, certificate), expiry);
    }

    private sealed record CachedCredential(ClientCredential Credential, DateTimeOffset? Expiry);

    private static string? Str(JsonObject node, string field) =>
        node[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
