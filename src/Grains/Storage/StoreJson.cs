using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Grains.Storage;

/// <summary>One JSON shape for everything stored and pushed: camelCase, enums as names.</summary>
public static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
