namespace Hawser.State.Sqlite.Migrations;

/// <summary>Parameter overrides Hawser keeps per app (Image Updater's <c>write-back-method: argocd</c>), applied at render time.</summary>
internal sealed class M0008_ParameterOverrides : IMigration
{
    public int Version => 8;
    public string Name => "parameter overrides";

    public string Sql => """
        CREATE TABLE parameter_overrides (
            app TEXT PRIMARY KEY,
            helm_parameters TEXT NOT NULL,
            kustomize_images TEXT NOT NULL,
            written_by TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """;
}
