namespace Hawser.Apps;

/// <summary>
/// Parses a <c>kustomize build</c> options string such as <c>--enable-helm --load-restrictor LoadRestrictionsNone</c>
/// (Argo CD's <c>kustomize.buildOptions</c>) into arguments, without a shell. Only flags that change what is rendered are
/// allowed; flags that write files or run arbitrary programs (<c>--output</c>, <c>--helm-command</c>, <c>--enable-exec</c>)
/// are rejected because the string comes from Git.
/// </summary>
public static class KustomizeBuildOptions
{
    private static readonly HashSet<string> Switches = new(StringComparer.Ordinal)
    {
        "--enable-helm", "--enable-alpha-plugins", "--as-current-user", "--enable-managedby-label", "--helm-debug",
    };

    private static readonly HashSet<string> WithValue = new(StringComparer.Ordinal)
    {
        "--load-restrictor", "--reorder", "--helm-api-versions", "--helm-kube-version", "--env", "-e",
    };

    private static readonly HashSet<string> LoadRestrictors = new(StringComparer.Ordinal) { "LoadRestrictionsNone", "LoadRestrictionsRootOnly" };

    /// <summary>Splits and checks <paramref name="text"/>; throws <see cref="FormatException"/> naming the offending option.</summary>
    public static IReadOnlyList<string> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var words = Split(text);
        var result = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            var flag = word.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? word[..eq] : word;
            string? value = flag.Length < word.Length ? word[(eq + 1)..] : null;
            if (Switches.Contains(flag))
            {
                result.Add(word);
                continue;
            }
            if (!WithValue.Contains(flag))
                throw new FormatException($"kustomize build option '{flag}' is not allowed (allowed: {string.Join(", ", Switches.Concat(WithValue).Order(StringComparer.Ordinal))})");
            if (value is null)
            {
                if (i + 1 >= words.Count) throw new FormatException($"kustomize build option '{flag}' needs a value");
                value = words[++i];
            }
            if (flag == "--load-restrictor" && !LoadRestrictors.Contains(value))
                throw new FormatException($"--load-restrictor must be LoadRestrictionsNone or LoadRestrictionsRootOnly, not '{value}'");
            result.Add(flag);
            result.Add(value);
        }
        return result;
    }

    private static List<string> Split(string text)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is not null)
            {
                if (c == quote) quote = null;
                else current.Append(c);
                continue;
            }
            if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
                continue;
            }
            current.Append(c);
            inWord = true;
        }
        if (quote is not null) throw new FormatException("unterminated quote in kustomize build options");
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
