using System.Text;

namespace Hawser.Templates;

/// <summary>Sprig's JSON, path, reflection, URL, UUID and flow functions.</summary>
internal static class SprigMisc
{
    public static IEnumerable<GoFunction> All() =>
    [
        GoFunction.Fixed("toJson", 1, c => TryOrEmpty(() => GoJson.Marshal(c.Any(0), false, true))),
        GoFunction.Fixed("mustToJson", 1, c => GoJson.Marshal(c.Any(0), false, true)),
        GoFunction.Fixed("toPrettyJson", 1, c => TryOrEmpty(() => GoJson.Marshal(c.Any(0), true, true))),
        GoFunction.Fixed("mustToPrettyJson", 1, c => GoJson.Marshal(c.Any(0), true, true)),
        GoFunction.Fixed("toRawJson", 1, c => TryOrEmpty(() => GoJson.Marshal(c.Any(0), false, false))),
        GoFunction.Fixed("mustToRawJson", 1, c => GoJson.Marshal(c.Any(0), false, false)),
        GoFunction.Fixed("fromJson", 1, c => TryOrNull(() => GoJson.Unmarshal(c.String(0)))),
        GoFunction.Fixed("mustFromJson", 1, c => GoJson.Unmarshal(c.String(0))),
        GoFunction.Fixed("base", 1, c => PathBase(c.String(0))),
        GoFunction.Fixed("dir", 1, c => PathDir(c.String(0))),
        GoFunction.Fixed("clean", 1, c => PathClean(c.String(0))),
        GoFunction.Fixed("ext", 1, c => PathExt(c.String(0))),
        GoFunction.Fixed("isAbs", 1, c => c.String(0).StartsWith('/')),
        GoFunction.Fixed("osBase", 1, c => PathBase(c.String(0))),
        GoFunction.Fixed("osDir", 1, c => PathDir(c.String(0))),
        GoFunction.Fixed("osClean", 1, c => PathClean(c.String(0))),
        GoFunction.Fixed("osExt", 1, c => PathExt(c.String(0))),
        GoFunction.Fixed("osIsAbs", 1, c => c.String(0).StartsWith('/')),
        GoFunction.Fixed("typeOf", 1, c => GoFormat.Sprintf("%T", [c.Any(0)])),
        GoFunction.Fixed("typeIs", 2, c => c.String(0) == GoFormat.Sprintf("%T", [c.Any(1)])),
        GoFunction.Fixed("typeIsLike", 2, c => c.String(0) is var t && (t == GoFormat.Sprintf("%T", [c.Any(1)]) || t == "*" + GoFormat.Sprintf("%T", [c.Any(1)]))),
        GoFunction.Fixed("kindOf", 1, c => SprigValues.Kind(c.Any(0))),
        GoFunction.Fixed("kindIs", 2, c => c.String(0) == SprigValues.Kind(c.Any(1))),
        GoFunction.Fixed("deepEqual", 2, c => SprigValues.DeepEqual(c.Any(0), c.Any(1))),
        GoFunction.Fixed("uuidv4", 0, _ => Guid.NewGuid().ToString()),
        GoFunction.Fixed("fail", 1, c => throw new TemplateFunctionException(c.String(0))),
        GoFunction.Fixed("urlParse", 1, c => UrlParse(c.String(0))),
        GoFunction.Fixed("urlJoin", 1, c => UrlJoin(c.Map(0))),
    ];

    private static string TryOrEmpty(Func<string> f)
    {
        try
        {
            return f();
        }
        catch (TemplateFunctionException)
        {
            return "";
        }
    }

    private static object? TryOrNull(Func<object?> f)
    {
        try
        {
            return f();
        }
        catch (TemplateFunctionException)
        {
            return null;
        }
    }

    /// <summary>Go's path.Clean: lexical processing of ".", ".." and repeated slashes.</summary>
    public static string PathClean(string path)
    {
        if (path.Length == 0) return ".";
        var rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    public static string PathBase(string path)
    {
        if (path.Length == 0) return ".";
        path = path.TrimEnd('/');
        if (path.Length == 0) return "/";
        var slash = path.LastIndexOf('/');
        return slash >= 0 ? path[(slash + 1)..] : path;
    }

    private static string PathDir(string path)
    {
        var slash = path.LastIndexOf('/');
        return PathClean(slash >= 0 ? path[..(slash + 1)] : "");
    }

    private static string PathExt(string path)
    {
        for (var i = path.Length - 1; i >= 0 && path[i] != '/'; i--)
        {
            if (path[i] == '.') return path[i..];
        }
        return "";
    }

    private static Dictionary<string, object?> UrlParse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var uri))
            throw new TemplateFunctionException($"unable to parse url: {text}");
        if (!uri.IsAbsoluteUri)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["scheme"] = "", ["host"] = "", ["hostname"] = "", ["path"] = text.Split('?', '#')[0], ["query"] = "",
                ["opaque"] = "", ["fragment"] = "", ["userinfo"] = "",
            };
        }
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["scheme"] = uri.Scheme,
            ["host"] = uri.IsDefaultPort ? uri.Host : uri.Authority,
            ["hostname"] = uri.Host,
            ["path"] = Uri.UnescapeDataString(uri.AbsolutePath),
            ["query"] = uri.Query.TrimStart('?'),
            ["opaque"] = "",
            ["fragment"] = Uri.UnescapeDataString(uri.Fragment.TrimStart('#')),
            ["userinfo"] = uri.UserInfo,
        };
    }

    private static string UrlJoin(Dictionary<string, object?> d)
    {
        string Part(string key) => d.TryGetValue(key, out var v) && v is string s ? s : "";
        var sb = new StringBuilder();
        if (Part("scheme").Length > 0) sb.Append(Part("scheme")).Append(':');
        if (Part("host").Length > 0 || Part("scheme").Length > 0)
        {
            sb.Append("//");
            if (Part("userinfo").Length > 0) sb.Append(Part("userinfo")).Append('@');
            sb.Append(Part("host"));
        }
        var path = Part("path");
        if (path.Length > 0 && !path.StartsWith('/') && sb.Length > 0) sb.Append('/');
        sb.Append(path);
        if (Part("query").Length > 0) sb.Append('?').Append(Part("query"));
        if (Part("fragment").Length > 0) sb.Append('#').Append(Part("fragment"));
        return sb.ToString();
    }
}
