namespace Hawser.State.Sqlite.Migrations;

/// <summary>Every migration in version order. Add new ones at the end.</summary>
internal static class MigrationCatalog
{
    public static IReadOnlyList<IMigration> All { get; } =
    [
        new M0001_OperationsAndInventory(),
        new M0002_ChildAppsAndStatus(),
        new M0004_AccountsTokensAudit(),
        new M0006_AppSetStatus(),
        new M0007_NotificationsSent(),
        new M0008_ParameterOverrides(),
        new M0009_RevokedSessions(),
    ];

    public static int LatestVersion => All[^1].Version;
}
