using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>batch/Job: Progressing until a Complete, Failed or Suspended condition appears; Failed is Degraded,
/// a true Suspended condition is Suspended.</summary>
internal static class JobHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        var failed = false;
        var complete = false;
        var suspended = false;
        var failMessage = "";
        var message = "";
        foreach (var condition in Fields.Conditions(obj.Body))
        {
            switch (condition.Type)
            {
                case "Failed":
                    failed = true;
                    complete = true;
                    failMessage = condition.Message;
                    break;
                case "Complete":
                    complete = true;
                    message = condition.Message;
                    break;
                case "Suspended":
                    complete = true;
                    message = condition.Message;
                    suspended |= condition.IsTrue;
                    break;
            }
        }

        if (!complete) return HealthResult.Progressing(message);
        if (failed) return HealthResult.Degraded(failMessage);
        if (suspended) return HealthResult.Suspended(message);
        return HealthResult.Healthy(message);
    }
}
