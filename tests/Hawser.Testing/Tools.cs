namespace Hawser.Testing;

/// <summary>
/// Locates the external tools integration tests need. A missing tool fails the test with the install step,
/// never a silent skip.
/// </summary>
public static class Tools
{
    public static string Helm => Require("helm");
    public static string Kubectl => Require("kubectl");
    public static string Git => Require("git");
    public static string Jsonnet => Require("jsonnet");
    public static string Nginx => Require("nginx", "/usr/sbin");
    public static string FcgiWrap => Require("fcgiwrap", "/usr/sbin");
    public static string DockerRegistry => Require("docker-registry", "/usr/bin");

    /// <summary>The full path of <paramref name="name"/> on PATH (or in <paramref name="extraDir"/>), or an exception naming the set-up step.</summary>
    public static string Require(string name, string? extraDir = null)
    {
        return Find(name, extraDir)
            ?? throw new InvalidOperationException($"'{name}' is not installed; run scripts/setup.sh (it installs every tool the tests need).");
    }

    /// <summary>The full path of <paramref name="name"/>, or null.</summary>
    public static string? Find(string name, string? extraDir = null)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (extraDir is not null) dirs.Add(extraDir);
        dirs.Add("/usr/local/bin");
        dirs.Add("/usr/sbin");
        foreach (var dir in dirs)
        {
            var candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
