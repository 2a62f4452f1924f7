using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Hawser.State.Sqlite;

/// <summary>Small helpers to build commands and convert the store's column formats (ISO 8601 times, JSON string arrays).</summary>
internal static class SqlCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static string FormatList(IReadOnlyList<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values) array.Add((JsonNode)value);
        return array.ToJsonString();
    }

    public static IReadOnlyList<string> ParseList(string json) =>
        JsonNode.Parse(json) is JsonArray array ? array.Select(n => n?.GetValue<string>() ?? "").ToList() : [];

    public static T ParseEnum<T>(string text) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: false, out var value) ? value
            : throw new StateException($"the state database holds an unknown {typeof(T).Name} value \"{text}\"");
}
