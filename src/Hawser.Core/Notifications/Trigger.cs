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
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => System.Text.Json.JsonSerializer.Serialize(value),
    };
}
