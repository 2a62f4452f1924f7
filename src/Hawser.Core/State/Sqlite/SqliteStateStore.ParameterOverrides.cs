using System.Text.Json.Nodes;
using Hawser.Apps;

namespace Hawser.State.Sqlite;

internal sealed partial class SqliteStateStore : IParameterOverrideStore
{
    public IParameterOverrideStore ParameterOverrides => this;

    public Task SaveAsync(ParameterOverrideRecord record, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            var parameters = new JsonArray(record.HelmParameters
                .Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["value"] = p.Value, ["forceString"] = p.ForceString }).ToArray());
            var images = new JsonArray(record.KustomizeImages.Select(i => (JsonNode?)i).ToArray());
            await using var upsert = _connection.Command(transaction, """
                INSERT INTO parameter_overrides (app, helm_parameters, kustomize_images, written_by, updated_at)
                VALUES ($app, $helm, $images, $by, $at)
                ON CONFLICT (app) DO UPDATE SET helm_parameters = excluded.helm_parameters, kustomize_images = excluded.kustomize_images,
                    written_by = excluded.written_by, updated_at = excluded.updated_at
                """, ("$app", record.App), ("$helm", parameters.ToJsonString()), ("$images", images.ToJsonString()), ("$by", record.WrittenBy),
                ("$at", SqlCommands.FormatTime(record.UpdatedAt)));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<ParameterOverrideRecord>> ListAsync(CancellationToken cancellationToken) =>
        InReadTransactionAsync<IReadOnlyList<ParameterOverrideRecord>>(async transaction =>
        {
            await using var query = _connection.Command(transaction,
                "SELECT app, helm_parameters, kustomize_images, written_by, updated_at FROM parameter_overrides ORDER BY app");
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            var records = new List<ParameterOverrideRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var parameters = (JsonNode.Parse(reader.GetString(1)) as JsonArray ?? [])
                    .OfType<JsonObject>()
                    .Select(p => new HelmParameter((string?)p["name"] ?? "", (string?)p["value"] ?? "", (bool?)p["forceString"] ?? false))
                    .ToList();
                var images = (JsonNode.Parse(reader.GetString(2)) as JsonArray ?? []).Select(i => (string?)i ?? "").Where(i => i.Length > 0).ToList();
                records.Add(new ParameterOverrideRecord(reader.GetString(0), parameters, images, reader.GetString(3), SqlCommands.ParseTime(reader.GetString(4))));
            }
            return records;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string app, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var delete = _connection.Command(transaction, "DELETE FROM parameter_overrides WHERE app = $app", ("$app", app));
            return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);
}
