namespace Hawser.State.Sqlite.Migrations;

/// <summary>One forward-only schema change. Versions start at 1 and have no gaps; a migration is never edited once released.</summary>
internal interface IMigration
{
    int Version { get; }
    string Name { get; }
    string Sql { get; }
}
