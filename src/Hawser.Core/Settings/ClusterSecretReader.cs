using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Settings;

/// <summary>Reads cluster Secrets. Errors name the Secret and the field, never a value of <c>config</c>.</summary>
internal static class ClusterSecretReader
{
    private static readonly HashSet<string> DataKeys = new(StringComparer.Ordinal) { "name", "server", "namespaces", "clusterResources", "project", "config", "shard" };

    public static ClusterSecret? Read(SettingsObject secret, SettingsProblems problems)
    {
        foreach (var key in secret.Data.Keys.Where(k => !DataKeys.Contains(k)).Order(StringComparer.Ordinal))
            problems.Warn(secret, key, "unknown key of a cluster Secret, ignored");
        if (secret.Value("shard") is not null) problems.Warn(secret, "shard", "controller shards are assigned by Hawser, ignored");

        var server = secret.Value("server")?.Trim();
        if (string.IsNullOrEmpty(server))
        {
            problems.Error(secret, "server", "required: the cluster's API server URL");
            return null;
        }
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            problems.Error(secret, "server", $"'{server}' is not an http(s) URL");
            return null;
        }
        var clusterResources = false;
        if (secret.Value("clusterResources") is { } flag && !bool.TryParse(flag.Trim(), out clusterResources))
            problems.Error(secret, "clusterResources", $"'{flag}' is not true or false");

        var config = ReadConfig(secret, problems);
        var name = secret.Value("name")?.Trim();
        return new ClusterSecret(
            secret.Name,
            string.IsNullOrEmpty(name) ? server : name,
            server,
            secret.Value("namespaces")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
            clusterResources,
            string.IsNullOrWhiteSpace(secret.Value("project")) ? null : secret.Value("project")!.Trim(),
            secret.Labels,
            secret.Annotations,
            config,
            secret.Origin);
    }

    private static ClusterConfig ReadConfig(SettingsObject secret, SettingsProblems problems)
    {
        if (secret.Value("config") is not { } text || string.IsNullOrWhiteSpace(text)) return ClusterConfig.Empty;
        JsonObject config;
        try
        {
            if (JsonNode.Parse(text) is not JsonObject parsed)
            {
                problems.Error(secret, "config", "must be a JSON object");
                return ClusterConfig.Empty;
            }
            config = parsed;
        }
        catch (JsonException e)
        {
            // The parser's message gives a position, never the text.
            problems.Error(secret, "config", $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
            return ClusterConfig.Empty;
        }

        foreach (var (key, _) in config)
        {
            switch (key)
            {
                case "bearerToken" or "username" or "password" or "tlsClientConfig" or "execProviderConfig":
                    break;
                case "awsAuthConfig":
                    problems.Warn(secret, "config.awsAuthConfig", "not supported by Hawser; use execProviderConfig with 'aws eks get-token' instead");
                    break;
                case "proxyUrl":
                    problems.Warn(secret, "config.proxyUrl", "not supported by Hawser yet; the cluster is reached directly");
                    break;
                case "disableCompression":
                    problems.Warn(secret, "config.disableCompression", "not supported by Hawser, ignored");
                    break;
                default:
                    problems.Warn(secret, $"config.{key}", "unknown field, ignored");
                    break;
            }
        }

        var tls = ClusterTlsConfig.Default;
        if (config["tlsClientConfig"] is { } tlsNode)
        {
            if (tlsNode is JsonObject t)
            {
                foreach (var (key, _) in t.Where(p => p.Key is not ("insecure" or "caData" or "certData" or "keyData" or "serverName")))
                    problems.Warn(secret, $"config.tlsClientConfig.{key}", "unknown field, ignored");
                tls = new ClusterTlsConfig(
                    Bool(secret, "config.tlsClientConfig.insecure", t["insecure"], problems),
                    Base64(secret, "config.tlsClientConfig.caData", t["caData"], problems),
                    Base64(secret, "config.tlsClientConfig.certData", t["certData"], problems),
                    Base64(secret, "config.tlsClientConfig.keyData", t["keyData"], problems) is { } keyData ? new SecretText(keyData) : null,
                    String(secret, "config.tlsClientConfig.serverName", t["serverName"], problems));
                if ((tls.CertData is null) != (tls.KeyData is null))
                    problems.Error(secret, "config.tlsClientConfig", "certData and keyData must be given together");
            }
            else
            {
                problems.Error(secret, "config.tlsClientConfig", "must be an object");
            }
        }

        ClusterExecConfig? exec = null;
        if (config["execProviderConfig"] is { } execNode)
        {
            if (execNode is JsonObject e)
            {
                foreach (var (key, _) in e.Where(p => p.Key is not ("command" or "args" or "env" or "apiVersion" or "installHint")))
                    problems.Warn(secret, $"config.execProviderConfig.{key}", "unknown field, ignored");
                var command = String(secret, "config.execProviderConfig.command", e["command"], problems);
                var apiVersion = String(secret, "config.execProviderConfig.apiVersion", e["apiVersion"], problems);
                if (string.IsNullOrEmpty(command)) problems.Error(secret, "config.execProviderConfig.command", "required");
                if (string.IsNullOrEmpty(apiVersion)) problems.Error(secret, "config.execProviderConfig.apiVersion", "required, e.g. client.authentication.k8s.io/v1beta1");
                var args = new List<string>();
                if (e["args"] is JsonArray argArray)
                {
                    foreach (var arg in argArray)
                    {
                        if (arg is JsonValue v && v.TryGetValue<string>(out var s)) args.Add(s);
                        else problems.Error(secret, "config.execProviderConfig.args", "must be a list of strings");
                    }
                }
                else if (e["args"] is not null)
                {
                    problems.Error(secret, "config.execProviderConfig.args", "must be a list of strings");
                }
                var env = new Dictionary<string, string>(StringComparer.Ordinal);
                if (e["env"] is JsonObject envMap)
                {
                    foreach (var (k, v) in envMap)
                    {
                        if (v is JsonValue value && value.TryGetValue<string>(out var s)) env[k] = s;
                        else problems.Error(secret, $"config.execProviderConfig.env.{k}", "must be a string");
                    }
                }
                else if (e["env"] is not null)
                {
                    problems.Error(secret, "config.execProviderConfig.env", "must be a map of names to strings");
                }
                exec = new ClusterExecConfig(command ?? "", args, env, apiVersion ?? "", String(secret, "config.execProviderConfig.installHint", e["installHint"], problems));
            }
            else
            {
                problems.Error(secret, "config.execProviderConfig", "must be an object");
            }
        }

        var bearer = String(secret, "config.bearerToken", config["bearerToken"], problems);
        var password = String(secret, "config.password", config["password"], problems);
        return new ClusterConfig(
            string.IsNullOrEmpty(bearer) ? null : new SecretText(bearer),
            String(secret, "config.username", config["username"], problems),
            string.IsNullOrEmpty(password) ? null : new SecretText(password),
            tls,
            exec);
    }

    private static string? String(SettingsObject secret, string field, JsonNode? node, SettingsProblems problems)
    {
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        problems.Error(secret, field, "must be a string");
        return null;
    }

    private static bool Bool(SettingsObject secret, string field, JsonNode? node, SettingsProblems problems)
    {
        if (node is null) return false;
        if (node is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        problems.Error(secret, field, "must be true or false");
        return false;
    }

    // Certificates and keys are base64 of PEM in Argo CD's config (Go []byte fields); checked here, kept encoded.
    private static string? Base64(SettingsObject secret, string field, JsonNode? node, SettingsProblems problems)
    {
        var text = String(secret, field, node, problems);
        if (string.IsNullOrEmpty(text)) return null;
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out _))
        {
            problems.Error(secret, field, "must be base64 of PEM text");
            return null;
        }
        return text.Trim();
    }
}
