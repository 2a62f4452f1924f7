using Hawser.Settings;
using Hawser.Testing;

namespace Hawser.Core.Tests.Settings;

/// <summary>Writes settings manifests into a temp directory and reads them as <c>--settings DIR</c> does.</summary>
internal static class SettingsFiles
{
    public static async Task<HawserSettings> LoadAsync(TempDirectory dir, bool trustsExec = false) =>
        await HawserSettings.LoadAsync(new DirectorySettingsSource(dir.Path, trustsExec), CancellationToken.None);

    public static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    public static string ArgoCdCm(string data) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: argocd-cm
          namespace: argocd
        data:
        {Indent(data, 2)}
        """;

    public static string Secret(string name, string data, string labels = "", string section = "stringData") => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: {name}
          namespace: argocd
        {(labels.Length > 0 ? "  labels:\n" + Indent(labels, 4) : "")}
        {section}:
        {Indent(data, 2)}
        """;

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(l => new string(' ', spaces) + l));
}
