using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Forest.Mvc.Storage;

/// <summary>
/// Brings a store created by an older version up to the current model: missing tables and indexes are created
/// (<c>IF NOT EXISTS</c>, understood by SQLite and PostgreSQL), and missing columns are added. Columns added after
/// the first release are nullable, so that adding them never needs a default value.
/// </summary>
internal static class StoreSchemaUpgrade
{
    public static async Task RunAsync(ForestStoreContext store, CancellationToken cancellationToken)
    {
        await CreateMissingTablesAsync(store, cancellationToken).ConfigureAwait(false);
        await AddMissingColumnsAsync(store, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CreateMissingTablesAsync(ForestStoreContext store, CancellationToken cancellationToken)
    {
        var script = store.Database.GenerateCreateScript();
        foreach (var statement in script.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var sql = statement
                .Replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal)
                .Replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", StringComparison.Ordinal)
                .Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal);
            if (sql.StartsWith("CREATE", StringComparison.OrdinalIgnoreCase))
            {
                await store.Database.ExecuteSqlRawAsync(sql, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task AddMissingColumnsAsync(ForestStoreContext store, CancellationToken cancellationToken)
    {
        var sql = store.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>();
        foreach (var entity in store.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var existing = await ColumnsAsync(store, sql.DelimitIdentifier(table), cancellationToken).ConfigureAwait(false);
            var identifier = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(identifier);
                if (column is null || existing.Contains(column) || !property.IsNullable)
                {
                    continue;
                }

                // Names and types come from the library's own model, never from input.
                var statement = "ALTER TABLE " + sql.DelimitIdentifier(table) + " ADD COLUMN " + sql.DelimitIdentifier(column) + " " + property.GetColumnType();
                await store.Database.ExecuteSqlRawAsync(statement, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<HashSet<string>> ColumnsAsync(ForestStoreContext store, string table, CancellationToken cancellationToken)
    {
        var connection = store.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} WHERE 1 = 0";
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
        }
    }
}
