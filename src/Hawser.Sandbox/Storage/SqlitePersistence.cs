using Hawser.Sandbox.Api;
using Microsoft.Data.Sqlite;

namespace Hawser.Sandbox.Storage;

/// <summary>
/// Objects in one SQLite file (WAL, synchronous=NORMAL): one row per object keyed by group, resource, namespace and name,
/// plus the last resourceVersion, so a restarted sandbox serves the same objects at the same versions.
/// </summary>
internal sealed class SqlitePersistence : IStorePersistence
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _setVersion;

    public SqlitePersistence(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS objects (
              grp TEXT NOT NULL, resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
              resource_version INTEGER NOT NULL, json BLOB NOT NULL,
              PRIMARY KEY (grp, resource, namespace, name));
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            """);
        _upsert = Prepare("INSERT OR REPLACE INTO objects VALUES ($g, $r, $ns, $n, $rv, $json); INSERT OR REPLACE INTO meta VALUES ('rv', $rv);",
            "$g", "$r", "$ns", "$n", "$rv", "$json");
        _delete = Prepare("DELETE FROM objects WHERE grp=$g AND resource=$r AND namespace=$ns AND name=$n; INSERT OR REPLACE INTO meta VALUES ('rv', $rv);",
            "$g", "$r", "$ns", "$n", "$rv");
        _setVersion = Prepare("SELECT value FROM meta WHERE key='rv'");
    }

    public (IReadOnlyList<StoredObject> Objects, long ResourceVersion) Load()
    {
        var objects = new List<StoredObject>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT grp, resource, resource_version, json FROM objects ORDER BY grp, resource, namespace, name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var json = (byte[])reader.GetValue(3);
                objects.Add(StoredObject.Load(new GroupResource(reader.GetString(0), reader.GetString(1)), json, reader.GetInt64(2)));
            }
        }
        var version = _setVersion.ExecuteScalar() is long rv ? rv : 0;
        return (objects, Math.Max(version, objects.Count == 0 ? 0 : objects.Max(o => o.ResourceVersion)));
    }

    public void Save(StoredObject obj)
    {
        _upsert.Parameters["$g"].Value = obj.Resource.Group;
        _upsert.Parameters["$r"].Value = obj.Resource.Resource;
        _upsert.Parameters["$ns"].Value = obj.Namespace;
        _upsert.Parameters["$n"].Value = obj.Name;
        _upsert.Parameters["$rv"].Value = obj.ResourceVersion;
        _upsert.Parameters["$json"].Value = obj.Json;
        _upsert.ExecuteNonQuery();
    }

    public void Remove(GroupResource resource, string ns, string name, long resourceVersion)
    {
        _delete.Parameters["$g"].Value = resource.Group;
        _delete.Parameters["$r"].Value = resource.Resource;
        _delete.Parameters["$ns"].Value = ns;
        _delete.Parameters["$n"].Value = name;
        _delete.Parameters["$rv"].Value = resourceVersion;
        _delete.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _upsert.Dispose();
        _delete.Dispose();
        _setVersion.Dispose();
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(new SqliteParameter(p, null));
        return command;
    }
}
