namespace Hawser.State.Sqlite.Migrations;

/// <summary>One forward-only schema change. Versions start at 1 and increase (a lower number may land later: the migrator applies every missing one); a migration is never edited once released.</summary>
internal interface IMigration
{
    int Version { get; }
    string Name { get; }
    string Sql { get; }
}
