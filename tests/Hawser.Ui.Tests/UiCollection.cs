namespace Hawser.Ui.Tests;

/// <summary>The UI tests share one server, sandbox and browser (starting them takes seconds).</summary>
[CollectionDefinition(Name)]
public sealed class UiCollection : ICollectionFixture<UiHarness>
{
    public const string Name = "ui";
}
