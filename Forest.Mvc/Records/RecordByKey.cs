using System.Linq.Expressions;
using System.Reflection;
using Forest.Mvc.Schema;
using Microsoft.EntityFrameworkCore;

namespace Forest.Mvc.Records;

/// <summary>
/// The record of a collection by its primary key, as a compiled query (<c>EF.CompileAsyncQuery</c>): the read
/// routes' most frequent query, without a scope or references, skips building its expression and EF Core's query
/// cache lookup at each request. One per collection and host: a compiled query keeps the services of the first
/// context it runs on.
/// </summary>
internal static class RecordByKey
{
    private static readonly MethodInfo CompileMethod = typeof(RecordByKey).GetMethod(nameof(Compile), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The query for <typeparamref name="T"/>, taking the key already parsed into its type.</summary>
    public static Func<DbContext, object, IAsyncEnumerable<T>> For<T>(CollectionDescriptor collection)
        where T : class =>
        (Func<DbContext, object, IAsyncEnumerable<T>>)CompileMethod.MakeGenericMethod(typeof(T), collection.PrimaryKey.ClrType).Invoke(null, [collection.PrimaryKey])!;

    private static Func<DbContext, object, IAsyncEnumerable<T>> Compile<T, TKey>(FieldDescriptor key)
        where T : class
    {
        var db = Expression.Parameter(typeof(DbContext), "db");
        var id = Expression.Parameter(typeof(TKey), "id");
        var record = Expression.Parameter(typeof(T), "record");
        var match = Expression.Lambda<Func<T, bool>>(Expression.Equal(ExpressionParts.Access(record, key), id), record);
        var query = Expression.Lambda<Func<DbContext, TKey, IQueryable<T>>>(
            ExpressionParts.Where<T>(ExpressionParts.SetOf<T>(db, untracked: true), match), db, id);
        var compiled = EF.CompileAsyncQuery(query);
        return (context, value) => compiled(context, (TKey)value);
    }
}
