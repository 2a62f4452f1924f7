namespace Hawser.Auth;

/// <summary>What a local account may do (<c>accounts.NAME: apiKey, login</c>).</summary>
[Flags]
public enum AccountCapabilities
{
    None = 0,

    /// <summary>May log in with a password (a session token).</summary>
    Login = 1,

    /// <summary>May have API tokens.</summary>
    ApiKey = 2,
}

/// <summary>A local account declared in <c>argocd-cm</c>.</summary>
public sealed record LocalAccount(string Name, AccountCapabilities Capabilities, bool Enabled);

/// <summary>
/// Reads local accounts from <c>argocd-cm</c>'s data as Argo CD does: <c>accounts.NAME: apiKey, login</c> declares an account
/// and its capabilities, <c>accounts.NAME.enabled: "false"</c> disables it; the built-in <c>admin</c> account always exists
/// with <c>login</c> and is disabled by <c>admin.enabled: "false"</c>.
/// </summary>
public static class LocalAccounts
{
    /// <summary>The built-in administrator.</summary>
    public const string Admin = "admin";

    /// <summary>Every declared account (admin first), and warnings naming each key that could not be used.</summary>
    public static (IReadOnlyList<LocalAccount> Accounts, IReadOnlyList<string> Warnings) Read(IReadOnlyDictionary<string, string> data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        var warnings = new List<string>();
        var adminEnabled = !(data.TryGetValue("admin.enabled", out var a) && a.Trim() == "false");
        var accounts = new List<LocalAccount> { new(Admin, AccountCapabilities.Login, adminEnabled) };
        foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!key.StartsWith("accounts.", StringComparison.Ordinal) || key.EndsWith(".enabled", StringComparison.Ordinal)) continue;
            var name = key["accounts.".Length..];
            if (name.Length == 0 || name.Contains('.', StringComparison.Ordinal) || name == Admin)
            {
                warnings.Add($"{source}: {key}: not a valid account name; ignored");
                continue;
            }
            var capabilities = AccountCapabilities.None;
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                switch (part)
                {
                    case "login": capabilities |= AccountCapabilities.Login; break;
                    case "apiKey": capabilities |= AccountCapabilities.ApiKey; break;
                    default: warnings.Add($"{source}: {key}: unknown capability '{part}' (expected apiKey or login)"); break;
                }
            }
            var enabled = !(data.TryGetValue(key + ".enabled", out var e) && e.Trim() == "false");
            accounts.Add(new LocalAccount(name, capabilities, enabled));
        }
        return (accounts, warnings);
    }
}
