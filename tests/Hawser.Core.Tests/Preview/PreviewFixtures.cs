using Hawser.Manifests;
using Hawser.Preview;
using Hawser.Rendering;

namespace Hawser.Core.Tests.Preview;

/// <summary>Builds preview sides from YAML, as if each app had been rendered.</summary>
internal static class PreviewFixtures
{
    public const string BaseCommit = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string HeadCommit = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    public static PreviewApp Rendered(string name, string yaml, bool fromCache = false) =>
        new(name, new AppRenderResult(name, ManifestReader.Read(yaml, name + ".yaml"), [], [], fromCache), null);

    public static PreviewSide Side(string commit, params PreviewApp[] apps) => new(commit, apps, []);

    public static string ConfigMap(string name, string value) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}, namespace: demo}}\ndata: {{value: '{value}'}}\n---\n";

    public static string Secret(string name, string password) =>
        $"apiVersion: v1\nkind: Secret\nmetadata: {{name: {name}, namespace: demo}}\nstringData: {{password: {password}, user: admin}}\n---\n";
}
