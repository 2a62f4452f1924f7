using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Http;

/// <summary>Protobuf request bodies (<c>k8s\0</c> + runtime.Unknown), decoded to JSON by the protobuf decoder.</summary>
internal static class ProtobufBody
{
    public static JsonObject Decode(byte[] body) =>
        throw ApiException.UnsupportedMediaType("application/vnd.kubernetes.protobuf");
}
