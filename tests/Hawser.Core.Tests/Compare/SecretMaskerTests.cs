using Hawser.Compare;
using Hawser.Core.Tests.Fakes;

namespace Hawser.Core.Tests.Compare;

public sealed class SecretMaskerTests
{
    private static readonly string LiveValue = Convert.ToBase64String("old-password-1"u8.ToArray());
    private static readonly string DesiredValue = Convert.ToBase64String("new-password-2"u8.ToArray());

    private static Hawser.Manifests.KubeObject Secret(string password, string user) => Yaml.One($$"""
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: default}
        data:
          password: {{password}}
          user: {{user}}
        """);

    [Fact]
    public void Different_values_get_different_masks_and_equal_values_the_same()
    {
        var (live, desired) = SecretMasker.Mask(Secret(LiveValue, "dXNlcg=="), Secret(DesiredValue, "dXNlcg=="));
        var livePassword = live!.Body["data"]!["password"]!.GetValue<string>();
        var desiredPassword = desired!.Body["data"]!["password"]!.GetValue<string>();
        Assert.Matches("^\\++$", livePassword);
        Assert.Matches("^\\++$", desiredPassword);
        Assert.NotEqual(livePassword, desiredPassword);
        Assert.Equal(live.Body["data"]!["user"]!.GetValue<string>(), desired.Body["data"]!["user"]!.GetValue<string>());
    }

    [Fact]
    public void A_secret_diff_shows_the_change_but_never_a_value()
    {
        var result = ObjectDiff.Compare(Secret(LiveValue, "dXNlcg==").Key, Secret(LiveValue, "dXNlcg=="), Secret(DesiredValue, "dXNlcg=="), []);
        Assert.False(result.Equal);
        Assert.Contains("-  password: ++++++++", result.Diff, StringComparison.Ordinal);
        Assert.Contains("+  password: +++++++++", result.Diff, StringComparison.Ordinal);
        foreach (var secret in (string[])[LiveValue, DesiredValue, "dXNlcg==", "old-password-1", "new-password-2"])
        {
            Assert.DoesNotContain(secret, result.Diff, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.Live!.ToJson(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.Desired!.ToJson(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Other_kinds_are_not_masked()
    {
        var cm = Yaml.ConfigMap("a", "visible");
        var (live, _) = SecretMasker.Mask(cm, null);
        Assert.Same(cm, live);
    }
}
