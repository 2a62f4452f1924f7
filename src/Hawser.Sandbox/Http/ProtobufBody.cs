using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Protobuf;

namespace Hawser.Sandbox.Http;

/// <summary>Protobuf request bodies (<c>k8s\0</c> + runtime.Unknown), decoded to JSON; a kind without a decoder is 415.</summary>
internal static class ProtobufBody
{
    public static JsonObject Decode(byte[] body)
    {
        try
        {
            return ProtobufRequestDecoder.Decode(body);
        }
        catch (ProtobufDecodeException e) when (e.UnsupportedKind)
        {
            throw new ApiException(415, "UnsupportedMediaType", e.Message);
        }
        catch (ProtobufDecodeException e)
        {
            throw ApiException.BadRequest(e.Message);
        }
    }
}
