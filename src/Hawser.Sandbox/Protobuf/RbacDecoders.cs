using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Protobuf;

/// <summary>
/// rbac.authorization.k8s.io/v1 kinds for <c>kubectl create role|clusterrole|rolebinding|clusterrolebinding</c>, field numbers from
/// <c>k8s.io/api/rbac/v1/generated.proto</c>: Role/ClusterRole{1 metadata, 2 rules, 3 aggregationRule}, PolicyRule{1 verbs,
/// 2 apiGroups, 3 resources, 4 resourceNames, 5 nonResourceURLs}, RoleBinding/ClusterRoleBinding{1 metadata, 2 subjects, 3 roleRef},
/// Subject{1 kind, 2 apiGroup, 3 name, 4 namespace}, RoleRef{1 apiGroup, 2 kind, 3 name}.
/// </summary>
internal static class RbacDecoders
{
    public static void Role(ReadOnlySpan<byte> raw, JsonObject target)
    {
        var reader = new ProtoReader(raw);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: Wire.SetObject(target, "metadata", ObjectMetaDecoder.Decode(Wire.Message(ref reader, wire, field))); break;
                case 2: Wire.AddItem(target, "rules", PolicyRule(Wire.Message(ref reader, wire, field))); break;
                case 3: Wire.SetObject(target, "aggregationRule", AggregationRule(Wire.Message(ref reader, wire, field))); break;
                default: reader.Skip(wire); break;
            }
        }
    }

    public static void RoleBinding(ReadOnlySpan<byte> raw, JsonObject target)
    {
        var reader = new ProtoReader(raw);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: Wire.SetObject(target, "metadata", ObjectMetaDecoder.Decode(Wire.Message(ref reader, wire, field))); break;
                case 2: Wire.AddItem(target, "subjects", Wire.Strings(Wire.Message(ref reader, wire, field), "kind", "apiGroup", "name", "namespace")); break;
                case 3: target["roleRef"] = Wire.Strings(Wire.Message(ref reader, wire, field), "apiGroup", "kind", "name"); break;
                default: reader.Skip(wire); break;
            }
        }
    }

    private static JsonObject PolicyRule(ReadOnlySpan<byte> data) => Wire.Fields(data, static (ref ProtoReader r, int f, int w, JsonObject o) =>
    {
        var name = f switch { 1 => "verbs", 2 => "apiGroups", 3 => "resources", 4 => "resourceNames", 5 => "nonResourceURLs", _ => null };
        if (name is null || w != ProtoReader.LengthDelimited) return false;
        Wire.AddString(o, name, r.ReadString());
        return true;
    });

    /// <summary>AggregationRule{1 clusterRoleSelectors (LabelSelector)}.</summary>
    private static JsonObject AggregationRule(ReadOnlySpan<byte> data) => Wire.Fields(data, static (ref ProtoReader r, int f, int w, JsonObject o) =>
    {
        if (f != 1 || w != ProtoReader.LengthDelimited) return false;
        Wire.AddItem(o, "clusterRoleSelectors", CoreDecoders.LabelSelector(r.ReadBytes()));
        return true;
    });
}
