using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Kubernetes;

/// <summary>
/// Reads one kubeconfig file (YAML or JSON) into <see cref="KubeconfigFile"/>. Relative file references
/// (certificates, keys, token files, exec commands containing a slash) are resolved against the file's folder, as kubectl does.
/// </summary>
internal static class KubeconfigParser
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="path"/> names the file in errors and anchors relative paths
    /// (null for text that did not come from a file: relative paths are then left as written).</summary>
    public static KubeconfigFile Parse(string text, string? path)
    {
        var display = path ?? "<kubeconfig>";
        JsonObject? root;
        try
        {
            var documents = YamlDocuments.Parse(text, display);
            root = documents.Count == 0 ? null : documents[0].Root as JsonObject;
            if (documents.Count > 0 && documents[0].Root is not null and not JsonObject)
                throw new KubeconfigException($"{display}: a kubeconfig must be a mapping");
        }
        catch (ManifestException e)
        {
            throw new KubeconfigException(e.Message, e);
        }

        var folder = path is null ? null : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        string? Resolve(string? file) =>
            string.IsNullOrEmpty(file) || folder is null || System.IO.Path.IsPathRooted(file) ? file : System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, file));

        var clusters = new List<KubeconfigCluster>();
        foreach (var (name, body) in NamedEntries(root, "clusters", "cluster", display))
        {
            clusters.Add(new KubeconfigCluster(
                name,
                Str(body, "server") ?? "",
                Resolve(Str(body, "certificate-authority")),
                Str(body, "certificate-authority-data"),
                Bool(body, "insecure-skip-tls-verify"),
                Str(body, "tls-server-name"),
                Str(body, "proxy-url"),
                display));
        }

        var users = new List<KubeconfigUser>();
        foreach (var (name, body) in NamedEntries(root, "users", "user", display))
        {
            users.Add(new KubeconfigUser(
                name,
                Resolve(Str(body, "client-certificate")),
                Str(body, "client-certificate-data"),
                Resolve(Str(body, "client-key")),
                Str(body, "client-key-data"),
                Str(body, "token"),
                Resolve(Str(body, "tokenFile")),
                Str(body, "username"),
                Str(body, "password"),
                ParseExec(body["exec"] as JsonObject, Resolve),
                (body["auth-provider"] as JsonObject) is { } provider ? Str(provider, "name") ?? "unnamed" : null,
                display));
        }

        var contexts = new List<KubeconfigContext>();
        foreach (var (name, body) in NamedEntries(root, "contexts", "context", display))
        {
            contexts.Add(new KubeconfigContext(name, Str(body, "cluster") ?? "", Str(body, "user") ?? "", Str(body, "namespace"), display));
        }

        return new KubeconfigFile(display, root is null ? null : Str(root, "current-context"), clusters, users, contexts);
    }

    private static ExecConfig? ParseExec(JsonObject? exec, Func<string?, string?> resolve)
    {
        if (exec is null) return null;
        var command = Str(exec, "command") ?? "";
        if (command.Contains('/', StringComparison.Ordinal)) command = resolve(command) ?? command;
        var args = (exec["args"] as JsonArray)?.Select(a => Scalar(a) ?? "").ToList() ?? [];
        var env = new List<KeyValuePair<string, string>>();
        if (exec["env"] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
                env.Add(new(Str(entry, "name") ?? "", Str(entry, "value") ?? ""));
        }
        return new ExecConfig(
            command,
            args,
            env,
            Str(exec, "apiVersion") ?? "",
            Str(exec, "installHint"),
            Bool(exec, "provideClusterInfo"),
            Str(exec, "interactiveMode") ?? "IfAvailable");
    }

    private static IEnumerable<(string Name, JsonObject Body)> NamedEntries(JsonObject? root, string list, string field, string file)
    {
        if (root?[list] is not JsonArray entries) yield break;
        foreach (var entry in entries)
        {
            if (entry is not JsonObject item) throw new KubeconfigException($"{file}: every {list} entry must be a mapping");
            var name = Str(item, "name");
            if (string.IsNullOrEmpty(name)) throw new KubeconfigException($"{file}: a {list} entry has no name");
            yield return (name, item[field] as JsonObject ?? []);
        }
    }

    private static string? Str(JsonObject node, string field) => Scalar(node[field]);

    private static string? Scalar(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    private static bool Bool(JsonObject node, string field) => node[field] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => bool.TryParse(s, out var b) && b,
        _ => false,
    };
}
