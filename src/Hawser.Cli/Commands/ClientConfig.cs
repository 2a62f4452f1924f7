using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Cli.Commands;

/// <summary>A server the CLI logged in to: a context names a server and the user (token) to call it with.</summary>
/// <param name="Name">The context's name (default: the server's host and port).</param>
/// <param name="Server">The server's base URL.</param>
/// <param name="User">The user entry holding the token.</param>
internal sealed record ClientContext(string Name, string Server, string User);

/// <summary>
/// The CLI's client configuration, <c>~/.hawser/config</c> (or <c>$HAWSER_CONFIG</c>), laid out as <c>argocd</c>'s:
/// <code>
/// contexts:
/// - {name: hawser.example.com, server: https://hawser.example.com, user: hawser.example.com}
/// current-context: hawser.example.com
/// servers:
/// - {server: https://hawser.example.com}
/// users:
/// - {name: hawser.example.com, auth-token: eyJ...}
/// </code>
/// It holds tokens, so it is written readable by its owner only (0600, its directory 0700).
/// </summary>
internal sealed class ClientConfig
{
    private readonly List<ClientContext> _contexts;
    private readonly Dictionary<string, string> _tokens;

    private ClientConfig(string path, List<ClientContext> contexts, Dictionary<string, string> tokens, string? current)
    {
        Path = path;
        _contexts = contexts;
        _tokens = tokens;
        CurrentContext = current;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The context commands use, or null.</summary>
    public string? CurrentContext { get; set; }

    /// <summary>Every context, in the file's order.</summary>
    public IReadOnlyList<ClientContext> Contexts => _contexts;

    /// <summary><c>$HAWSER_CONFIG</c>, else <c>~/.hawser/config</c>.</summary>
    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("HAWSER_CONFIG") is { Length: > 0 } path
            ? System.IO.Path.GetFullPath(path)
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".hawser", "config");

    /// <summary>Reads the file (an absent file is an empty configuration).</summary>
    /// <exception cref="UsageException">The file is not such a configuration; the message names the file and the field.</exception>
    public static ClientConfig Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path)) return new ClientConfig(path, [], new Dictionary<string, string>(StringComparer.Ordinal), null);
        JsonObject root;
        try
        {
            var documents = YamlDocuments.Parse(File.ReadAllText(path), path);
            root = documents.Count == 0 || documents[0].Root is null ? [] : documents[0].Root as JsonObject ?? throw Bad(path, "the file must be a YAML mapping");
        }
        catch (ManifestException e)
        {
            throw new UsageException($"{path}: {e.Message}");
        }
        var contexts = new List<ClientContext>();
        foreach (var item in Items(root, "contexts", path))
            contexts.Add(new ClientContext(Field(item, "name", "contexts", path), Field(item, "server", "contexts", path), Field(item, "user", "contexts", path)));
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Items(root, "users", path))
        {
            var name = Field(item, "name", "users", path);
            if (item["auth-token"] is JsonValue v && v.TryGetValue<string>(out var token) && token.Length > 0) tokens[name] = token;
        }
        var current = root["current-context"] is JsonValue c && c.TryGetValue<string>(out var cc) && cc.Length > 0 ? cc : null;
        return new ClientConfig(path, contexts, tokens, current);
    }

    /// <summary>The context named, or null.</summary>
    public ClientContext? Find(string name) => _contexts.FirstOrDefault(c => c.Name == name);

    /// <summary>The current context, or null.</summary>
    public ClientContext? Current => CurrentContext is { } name ? Find(name) : null;

    /// <summary>The first context of a server (for <c>--server</c> without <c>--auth-token</c>), or null.</summary>
    public ClientContext? ForServer(string server) => _contexts.FirstOrDefault(c => SameServer(c.Server, server));

    /// <summary>The token of a context's user, or null after a logout.</summary>
    public string? TokenOf(ClientContext context) => _tokens.TryGetValue(context.User, out var token) ? token : null;

    /// <summary>Adds or replaces a context and its user's token, and makes it current.</summary>
    public void Upsert(ClientContext context, string token)
    {
        _contexts.RemoveAll(c => c.Name == context.Name);
        _contexts.Add(context);
        _tokens[context.User] = token;
        CurrentContext = context.Name;
    }

    /// <summary>Forgets the token of a context's user (a logout keeps the context, as argocd does).</summary>
    public void RemoveToken(ClientContext context) => _tokens.Remove(context.User);

    /// <summary>Removes a context (and its user when no other context uses it).</summary>
    public bool Remove(string name)
    {
        var context = Find(name);
        if (context is null) return false;
        _contexts.Remove(context);
        if (_contexts.All(c => c.User != context.User)) _tokens.Remove(context.User);
        if (CurrentContext == name) CurrentContext = null;
        return true;
    }

    /// <summary>Writes the file, readable by its owner only.</summary>
    public void Save()
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        PrivateFiles.CreateDirectory(directory);
        var root = new JsonObject
        {
            ["contexts"] = new JsonArray(_contexts.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name, ["server"] = c.Server, ["user"] = c.User }).ToArray()),
            ["current-context"] = CurrentContext ?? "",
            ["servers"] = new JsonArray(_contexts.Select(c => c.Server).Distinct(StringComparer.Ordinal).Select(s => (JsonNode?)new JsonObject { ["server"] = s }).ToArray()),
            ["users"] = new JsonArray(_contexts.Select(c => c.User).Distinct(StringComparer.Ordinal)
                .Select(u => (JsonNode?)(_tokens.TryGetValue(u, out var token) ? new JsonObject { ["name"] = u, ["auth-token"] = token } : new JsonObject { ["name"] = u })).ToArray()),
        };
        var temporary = Path + ".tmp";
        PrivateFiles.WriteAllText(temporary, ManifestWriter.ToYaml(root));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, PrivateFiles.FileMode);
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>A server as typed (<c>host:port</c> or a URL) as a base URL: plain HTTP unless a scheme is given.</summary>
    public static string Normalize(string server)
    {
        var url = server.Contains("://", StringComparison.Ordinal) ? server : "http://" + server;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw new UsageException($"\"{server}\" is not a server address (use HOST:PORT or http(s)://HOST:PORT)");
        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>The default context name of a server: its host and port.</summary>
    public static string ContextName(string url)
    {
        var uri = new Uri(url);
        return uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
    }

    private static bool SameServer(string a, string b)
    {
        try
        {
            return Normalize(a) == Normalize(b);
        }
        catch (UsageException)
        {
            return false;
        }
    }

    private static IEnumerable<JsonObject> Items(JsonObject root, string field, string path) => root[field] switch
    {
        null => [],
        JsonArray list => list.Select(i => i as JsonObject ?? throw Bad(path, $"each of {field} must be a mapping")),
        _ => throw Bad(path, $"{field} must be a list"),
    };

    private static string Field(JsonObject item, string field, string list, string path) =>
        item[field] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : throw Bad(path, $"an entry of {list} has no {field}");

    private static UsageException Bad(string path, string what) => new($"{path}: {what}");
}
