using Hawser.Manifests;

namespace Hawser.Core.Tests.Fakes;

internal static class Yaml
{
    public static KubeObject One(string yaml) => ManifestReader.Read(yaml, "test.yaml").Single();

    public static IReadOnlyList<KubeObject> Many(string yaml) => ManifestReader.Read(yaml, "test.yaml");

    public static KubeObject ConfigMap(string name, string value = "v", string ns = "", string annotations = "") => One($"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
        {(ns.Length > 0 ? $"  namespace: {ns}" : "")}
        {(annotations.Length > 0 ? "  annotations:\n" + string.Join("\n", annotations.Split(';').Select(a => "    " + a)) : "")}
        data:
          key: {value}
        """);
}
