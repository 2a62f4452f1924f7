using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Protobuf;

/// <summary>Decodes one object's raw bytes into the JSON object that already carries its apiVersion and kind.</summary>
internal delegate void KindDecoder(ReadOnlySpan<byte> raw, JsonObject target);

/// <summary>
/// The kinds the protobuf decoder knows, with their field numbers from <c>k8s.io/api/core/v1/generated.proto</c>:
/// Namespace{1 metadata, 2 spec{1 finalizers}, 3 status{1 phase}}, ConfigMap{1 metadata, 2 data, 3 binaryData, 4 immutable},
/// Secret{1 metadata, 2 data (bytes), 3 type, 4 stringData, 5 immutable},
/// ServiceAccount{1 metadata, 2 secrets (ObjectReference), 3 imagePullSecrets{1 name}, 4 automountServiceAccountToken};
/// Service and ResourceQuota in <see cref="CoreDecoders"/>, RBAC kinds in <see cref="RbacDecoders"/>, Deployment, Job and CronJob in
/// <see cref="WorkloadDecoders"/>, access and identity reviews and TokenRequest in <see cref="ReviewDecoders"/>.
/// </summary>
internal static class KindDecoders
{
    private static readonly Dictionary<(string ApiVersion, string Kind), KindDecoder> Decoders = new()
    {
        [("v1", "Namespace")] = Namespace,
        [("v1", "ConfigMap")] = ConfigMap,
        [("v1", "Secret")] = Secret,
        [("v1", "ServiceAccount")] = ServiceAccount,
        [("v1", "Service")] = CoreDecoders.Service,
        [("v1", "ResourceQuota")] = CoreDecoders.ResourceQuota,
        [("rbac.authorization.k8s.io/v1", "Role")] = RbacDecoders.Role,
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = RbacDecoders.Role,
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = RbacDecoders.RoleBinding,
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = RbacDecoders.RoleBinding,
        [("apps/v1", "Deployment")] = WorkloadDecoders.Deployment,
        [("batch/v1", "Job")] = WorkloadDecoders.Job,
        [("batch/v1", "CronJob")] = WorkloadDecoders.CronJob,
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = ReviewDecoders.SelfSubjectAccessReview,
        [("authorization.k8s.io/v1", "SelfSubjectRulesReview")] = ReviewDecoders.SelfSubjectRulesReview,
        [("authentication.k8s.io/v1", "SelfSubjectReview")] = ReviewDecoders.SelfSubjectReview,
        [("authentication.k8s.io/v1", "TokenRequest")] = ReviewDecoders.TokenRequest,
    };

    public static KindDecoder? Find(string apiVersion, string kind) =>
        Decoders.TryGetValue((apiVersion, kind), out var decoder) ? decoder : null;

    private static void Namespace(ReadOnlySpan<byte> raw, JsonObject target)
    {
        var reader = new ProtoReader(raw);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    Wire.SetObject(target, "metadata", ObjectMetaDecoder.Decode(Wire.Message(ref reader, wire, field)));
                    break;
                case 2:
                    Wire.SetObject(target, "spec", Wire.Fields(Wire.Message(ref reader, wire, field), static (ref ProtoReader r, int f, int w, JsonObject o) =>
                    {
                        if (f != 1) return false;
                        Wire.AddString(o, "finalizers", r.ReadString());
                        return true;
                    }));
                    break;
                case 3:
                    Wire.SetObject(target, "status", Wire.Fields(Wire.Message(ref reader, wire, field), static (ref ProtoReader r, int f, int w, JsonObject o) =>
                    {
                        if (f != 1) return false;
                        Wire.SetString(o, "phase", r.ReadString());
                        return true;
                    }));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
    }

    private static void ConfigMap(ReadOnlySpan<byte> raw, JsonObject target)
    {
        var reader = new ProtoReader(raw);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    Wire.SetObject(target, "metadata", ObjectMetaDecoder.Decode(Wire.Message(ref reader, wire, field)));
                    break;
                case 2:
                    Wire.AddMapEntry(target, "data", Wire.Message(ref reader, wire, field), base64Values: false);
                    break;
                case 3:
                    Wire.AddMapEntry(target, "binaryData", Wire.Message(ref reader, wire, field), base64Values: true);
                    break;
                case 4:
                    target["immutable"] = reader.ReadBool();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
    }

    private static void Secret(ReadOnlySpan<byte> raw, JsonObject target)
    {
        var reader = new ProtoReader(raw);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    Wire.SetObject(target, "metadata", ObjectMetaDecoder.Decode(Wire.Message(ref reader, wire, field)));
                    break;
                case 2:
                    Wire.AddMapEntry(target, "data", Wire.Message(ref reader, wire, field), base64Values: true);
                    break;
                case 3:
                    Wire.SetString(target, "type", reader.ReadString());
                    break;
                case 4:
                    Wire.AddMapEntry(target, "stringData", Wire.Message(ref reader, wire, field), base64Values: false);
                    break;
                case 5:
                    target["immutable"] = reader.ReadBool();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
    }

    private static void ServiceAccount(ReadOnlySpan<byte> raw, JsonObject target)
    {
        var reader = new ProtoReader(raw);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    Wire.SetObject(target, "metadata", ObjectMetaDecoder.Decode(Wire.Message(ref reader, wire, field)));
                    break;
                case 2:
                    Wire.AddItem(target, "secrets", ObjectMetaDecoder.ObjectReference(Wire.Message(ref reader, wire, field)));
                    break;
                case 3:
                    Wire.AddItem(target, "imagePullSecrets", Wire.Fields(Wire.Message(ref reader, wire, field), static (ref ProtoReader r, int f, int w, JsonObject o) =>
                    {
                        if (f != 1) return false;
                        Wire.SetString(o, "name", r.ReadString());
                        return true;
                    }));
                    break;
                case 4:
                    target["automountServiceAccountToken"] = reader.ReadBool();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
    }
}
