using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Templates;

namespace Hawser.Notifications;

/// <summary>A trigger (<c>trigger.NAME</c>): conditions evaluated in order; each one that holds sends its templates.</summary>
/// <param name="Name">The trigger's name, as subscriptions write it (<c>on-sync-succeeded</c>).</param>
/// <param name="Conditions">Its conditions.</param>
public sealed record Trigger(string Name, IReadOnlyList<TriggerCondition> Conditions);

/// <summary>One condition of a trigger.</summary>
/// <param name="Index">Its position in the trigger (part of what the sent-state remembers).</param>
/// <param name="When">The expr condition (<c>when</c>).</param>
/// <param name="Send">Template names to send when it holds.</param>
/// <param name="OncePer">The <c>oncePer</c> expression, or null: notify once per value of it.</param>
/// <param name="Description">What it means (<c>description</c>).</param>
public sealed record TriggerCondition(int Index, ExprProgram When, IReadOnlyList<string> Send, ExprProgram? OncePer, string Description);

/// <summary>What one condition said about one app.</summary>
/// <param name="Condition">The condition.</param>
/// <param name="Triggered">Whether <c>when</c> held.</param>
/// <param name="OncePer">The <c>oncePer</c> value as text (empty without <c>oncePer</c>).</param>
public sealed record ConditionResult(TriggerCondition Condition, bool Triggered, string OncePer);

/// <summary>Evaluates triggers over an app's environment (<see cref="NotificationEnvironment"/>).</summary>
public static class TriggerEvaluator
{
    /// <summary>Each condition's result; an expression that fails is a <see cref="NotificationException"/> naming the
    /// trigger and condition.</summary>
    public static IReadOnlyList<ConditionResult> Evaluate(Trigger trigger, IReadOnlyDictionary<string, object?> env)
    {
        var results = new List<ConditionResult>(trigger.Conditions.Count);
        foreach (var condition in trigger.Conditions)
        {
            try
            {
                var triggered = condition.When.EvaluateCondition(env);
                var oncePer = condition.OncePer is { } once ? Text(once.Evaluate(env)) : "";
                results.Add(new ConditionResult(condition, triggered, oncePer));
            }
            catch (ExprException e)
            {
                throw new NotificationException($"trigger.{trigger.Name}[{condition.Index}]: {e.Message}", e);
            }
        }
        return results;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonText(value),
    };

    // A map or list value as JSON, written as the serializer writes a Dictionary<string, object?> or List<object?> (keys in
    // their order, numbers as numbers, times in ISO 8601), without reflection.
    private static string JsonText(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case DateTimeOffset t: writer.WriteStringValue(t); break;
            case DateTime t: writer.WriteStringValue(t); break;
            case JsonNode node: node.WriteTo(writer); break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    Write(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
