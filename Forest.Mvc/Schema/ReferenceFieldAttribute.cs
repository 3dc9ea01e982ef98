namespace Forest.Mvc;

/// <summary>
/// Marks the property that names a record of its collection in the console (record titles, breadcrumbs, relation
/// cells, record pickers, approvals, the activity log), instead of the convention (<c>Name</c>, <c>FullName</c>,
/// <c>DisplayName</c>, <c>Title</c>, <c>Label</c>, <c>Email</c>, <c>Reference</c>, <c>Code</c>, <c>Number</c>,
/// <c>Slug</c>, else the id). <c>Collection&lt;T&gt;(c =&gt; c.ReferenceField(…))</c> does the same in code.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class ReferenceFieldAttribute : Attribute
{
}
