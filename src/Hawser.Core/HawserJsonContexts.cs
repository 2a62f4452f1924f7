using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Sync;

namespace Hawser;

/// <summary>
/// Source-generated serializer metadata for the records Hawser.Core stores as JSON with the web defaults (camelCase
/// names, case-insensitive reading): the engine's step state and ApplicationSet conditions. Generated at build time, so
/// the same bytes as reflection and sound under NativeAOT.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SyncStepState))]
[JsonSerializable(typeof(IReadOnlyList<AppSetCondition>))]
internal sealed partial class WebJsonContext : JsonSerializerContext;

/// <summary>
/// Source-generated serializer metadata with the serializer's default options (names as declared): the sources hashed
/// into a <see cref="Rendering.RenderCacheKey"/>, and plain JSON nodes.
/// </summary>
[JsonSerializable(typeof(ApplicationSource))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class PlainJsonContext : JsonSerializerContext;
