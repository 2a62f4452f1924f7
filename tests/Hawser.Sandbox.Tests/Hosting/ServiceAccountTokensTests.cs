using Hawser.Sandbox.Hosting;

namespace Hawser.Sandbox.Tests.Hosting;

public sealed class ServiceAccountTokensTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void A_token_stands_for_its_service_account_until_it_expires()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        var tokens = new ServiceAccountTokens("key-of-this-sandbox"u8.ToArray(), clock);
        var (token, expires) = tokens.Issue("team-a", "robot", "uid-1", [ServiceAccountTokens.Issuer], TimeSpan.FromMinutes(10));

        Assert.Equal(clock.Now.AddMinutes(10), expires);
        Assert.Equal(SandboxIdentity.ServiceAccount("team-a", "robot", "uid-1").Username, tokens.Validate(token)?.Username);
        clock.Now = expires;
        Assert.Null(tokens.Validate(token));
    }

    [Fact]
    public void A_token_of_another_sandbox_or_for_another_audience_is_not_a_credential()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var ours = new ServiceAccountTokens("key-of-this-sandbox"u8.ToArray(), clock);
        var theirs = new ServiceAccountTokens("key-of-another-one"u8.ToArray(), clock);

        Assert.Null(ours.Validate(theirs.Issue("team-a", "robot", "uid-1", [ServiceAccountTokens.Issuer], TimeSpan.FromHours(1)).Token));
        Assert.Null(ours.Validate(ours.Issue("team-a", "robot", "uid-1", ["https://vault.example.com"], TimeSpan.FromHours(1)).Token));
        Assert.Null(ours.Validate("not.a.token"));
        Assert.Null(ours.Validate("garbage"));
    }
}
