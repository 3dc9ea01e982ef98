using System.Data.Common;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Forest.Mvc.Activity;

/// <summary>
/// Writes activity entries that nobody waits for and nobody updates later (refusals, security events, approvals'
/// lines) as multi-row <c>INSERT</c>s, without EF Core's change tracking or reading back generated ids. The statement
/// is built from the store's model (table, columns, each column's type mapping and value converter), so it writes
/// exactly what <c>SaveChanges</c> would, on every store provider (SQLite, PostgreSQL, SQL Server).
/// </summary>
internal sealed class ActivityBulkInsert
{
    /// <summary>Parameters per command: under SQL Server's limit of 2 100, far under SQLite's and PostgreSQL's.</summary>
    private const int MaxParameters = 2_000;

    private readonly IProperty[] _columns;
    private readonly string _prefix;
    private readonly int _rowsPerCommand;
    private readonly ISqlGenerationHelper _sql;

    /// <summary>Builds the statement from <paramref name="store"/>'s model (one model per process: the writer builds it once).</summary>
    public ActivityBulkInsert(ForestStoreContext store)
    {
        var entity = store.Model.FindEntityType(typeof(StoredActivity)) ?? throw new InvalidOperationException("The store's model has no activity entity.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());

        // Every mapped column but the generated key; a shadow property (none today) would have no value to write.
        _columns = entity.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never)).ToArray();
        if (_columns.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
        {
            throw new InvalidOperationException($"The activity entity's shadow property {shadow.Name} cannot be written in bulk.");
        }

        _sql = store.GetService<ISqlGenerationHelper>();
        _prefix = $"INSERT INTO {_sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", _columns.Select(c => _sql.DelimitIdentifier(c.GetColumnName(table)!)))}) VALUES ";
        _rowsPerCommand = Math.Max(1, MaxParameters / _columns.Length);
    }

    /// <summary>Inserts <paramref name="entries"/> on the context's open connection, within its current transaction.</summary>
    public async Task InsertAsync(ForestStoreContext store, IReadOnlyList<StoredActivity> entries)
    {
        var connection = store.Database.GetDbConnection();
        var transaction = store.Database.CurrentTransaction?.GetDbTransaction();
        var timeout = store.Database.GetCommandTimeout();
        for (var start = 0; start < entries.Count; start += _rowsPerCommand)
        {
            var count = Math.Min(_rowsPerCommand, entries.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (timeout is { } seconds)
            {
                command.CommandTimeout = seconds;
            }

            command.CommandText = Build(command, entries, start, count);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private string Build(DbCommand command, IReadOnlyList<StoredActivity> entries, int start, int count)
    {
        var text = new System.Text.StringBuilder(_prefix, _prefix.Length + (count * _columns.Length * 8));
        var index = 0;
        for (var row = 0; row < count; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < _columns.Length; column++)
            {
                var property = _columns[column];
                var name = _sql.GenerateParameterName("p" + index++.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var value = property.GetGetter().GetClrValue(entries[start + row]);
                command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable));
                text.Append(column == 0 ? "" : ", ").Append(name);
            }

            text.Append(')');
        }

        return text.ToString();
    }
}
