using Hawser.Processes;

namespace Hawser.Testing;

/// <summary>
/// Small, real Helm charts for tests, and <c>helm</c> run with its own cache, config, data and registry-config
/// directories so tests never touch (or depend on) the machine's Helm set-up.
/// </summary>
public static class TestCharts
{
    /// <summary>
    /// Writes chart <paramref name="name"/> at <paramref name="version"/> into <c>directory/name</c> and returns that
    /// directory: a Chart.yaml, a values.yaml and one ConfigMap template whose data holds the chart version and
    /// <c>.Values.greeting</c>.
    /// </summary>
    public static string Write(string directory, string name, string version)
    {
        var chart = Path.Combine(directory, name);
        Directory.CreateDirectory(Path.Combine(chart, "templates"));
        File.WriteAllText(Path.Combine(chart, "Chart.yaml"), $"""
            apiVersion: v2
            name: {name}
            description: A test chart
            type: application
            version: {version}
            appVersion: "{version}"

            """);
        File.WriteAllText(Path.Combine(chart, "values.yaml"), "greeting: hello\n");
        File.WriteAllText(Path.Combine(chart, "templates", "configmap.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-{{ .Chart.Name }}
            data:
              chartVersion: {{ .Chart.Version | quote }}
              greeting: {{ .Values.greeting | quote }}

            """);
        return chart;
    }

    /// <summary>Packages a chart directory into <paramref name="destination"/> and returns the .tgz path.</summary>
    public static async Task<string> PackageAsync(string chartDirectory, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        using var home = new TempDirectory("hawser-helmhome");
        var result = await RunHelmAsync(home.Path, ["package", chartDirectory, "--destination", destination], cancellationToken);
        var line = result.Split('\n').First(l => l.Contains(".tgz", StringComparison.Ordinal));
        return line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..].Trim();
    }

    /// <summary>Runs helm with private Helm directories under <paramref name="helmHome"/>; returns stdout, throws quoting stderr.</summary>
    public static async Task<string> RunHelmAsync(string helmHome, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? standardInput = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(helmHome, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(helmHome, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(helmHome, "data"),
            ["HELM_REGISTRY_CONFIG"] = Path.Combine(helmHome, "registry.json"),
        };
        var result = await ProcessRunner.RunCheckedAsync(
            new ProcessSpec(Tools.Helm, arguments, helmHome, TimeSpan.FromMinutes(2), environment, standardInput), cancellationToken);
        return result.StandardOutput;
    }
}
