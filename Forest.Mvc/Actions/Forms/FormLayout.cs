using System.Text.Json;
using Forest.Mvc.Forms;

namespace Forest.Mvc;

/// <summary>
/// How an action form is laid out: inputs, rows of one or two fields, separators, HTML blocks, or pages of those.
/// Declare it on a form class (<see cref="IFormLayout"/>) or set it from a hook (<c>form.Layout = …</c> on the <see cref="ActionForm"/>).
/// <code>
/// FormLayout.Of(
///     FormElement.Page(FormElement.Html("&lt;p&gt;Who is the company?&lt;/p&gt;"), FormElement.Input("Name"), FormElement.Row("Industry", "Headquarter")) with { NextButtonLabel = "Contacts" },
///     FormElement.Page(FormElement.Input("ContactEmail")));
/// </code>
/// </summary>
public sealed class FormLayout
{
    private FormLayout(IReadOnlyList<FormElement> elements) => Elements = elements;

    /// <summary>The top-level elements: only pages, or no page at all.</summary>
    public IReadOnlyList<FormElement> Elements { get; }

    /// <summary>A layout of these elements.</summary>
    /// <param name="elements">Pages, or inputs, rows, separators and HTML blocks.</param>
    /// <returns>The layout.</returns>
    public static FormLayout Of(params FormElement[] elements) => new([.. elements]);

    /// <summary>What is wrong with this layout for these fields (empty when it is right).</summary>
    internal List<string> Problems(IReadOnlyCollection<string> fields)
    {
        var problems = new List<string>();
        var pages = Elements.Count(e => e is FormPage);
        if (pages > 0 && pages < Elements.Count)
        {
            problems.Add("its layout mixes pages with other elements at the top level: put every element in a page, or use no page");
        }

        foreach (var page in Elements.OfType<FormPage>().Where(p => p.Elements.Any(e => e is FormPage)))
        {
            problems.Add("a page of its layout holds another page: pages cannot be nested");
        }

        var placed = Elements.SelectMany(e => e.FieldIds).ToList();
        problems.AddRange(placed.Where(f => !fields.Contains(f)).Distinct().Select(f => $"its layout places '{f}', which is not a field of the form"));
        problems.AddRange(placed.GroupBy(f => f).Where(g => g.Count() > 1).Select(g => $"its layout places '{g.Key}' {g.Count()} times"));
        return problems;
    }

    /// <summary>Whether the layout has anything but plain inputs (otherwise the wire carries no layout).</summary>
    internal bool HasLayoutElements => Elements.Any(e => e is not FormInput);

    /// <summary>Writes the <c>layout</c> array, leaving out the inputs of hidden fields and the rows and pages left empty.</summary>
    internal void Write(Utf8JsonWriter writer, Func<string, bool> isShown)
    {
        writer.WriteStartArray();
        foreach (var element in Elements)
        {
            element.Write(writer, isShown);
        }

        writer.WriteEndArray();
    }
}

/// <summary>An element of a <see cref="FormLayout"/>: an input, a row, a separator, an HTML block or a page.</summary>
public abstract record FormElement
{
    private protected FormElement()
    {
    }

    internal abstract IEnumerable<string> FieldIds { get; }

    /// <summary>The input of one field.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The element.</returns>
    public static FormElement Input(string field) => new FormInput(field);

    /// <summary>One or two fields side by side.</summary>
    /// <param name="first">The first field.</param>
    /// <param name="second">The second field, if any.</param>
    /// <returns>The element.</returns>
    public static FormElement Row(string first, string? second = null) => new FormRow(second is null ? [first] : [first, second]);

    /// <summary>A horizontal separator.</summary>
    /// <returns>The element.</returns>
    public static FormElement Separator() => new FormSeparator();

    /// <summary>A block of HTML (sanitised before it is sent: no script, no event handler).</summary>
    /// <param name="content">The HTML.</param>
    /// <returns>The element.</returns>
    public static FormElement Html(string content) => new FormHtmlBlock(HtmlActionResult.Sanitize(content));

    /// <summary>A page of the form (the user goes through pages with Next and Back).</summary>
    /// <param name="elements">Its inputs, rows, separators and HTML blocks.</param>
    /// <returns>The page; set <see cref="FormPage.NextButtonLabel"/> and <see cref="FormPage.PreviousButtonLabel"/> with <c>with</c>.</returns>
    public static FormPage Page(params FormElement[] elements) => new([.. elements]);

    internal abstract void Write(Utf8JsonWriter writer, Func<string, bool> isShown);
}

/// <summary>A page of a multi-page form.</summary>
/// <param name="Elements">Its elements.</param>
public sealed record FormPage(IReadOnlyList<FormElement> Elements) : FormElement
{
    /// <summary>The label of the button to the next page (default: Next).</summary>
    public string? NextButtonLabel { get; init; }

    /// <summary>The label of the button to the previous page (default: Back).</summary>
    public string? PreviousButtonLabel { get; init; }

    internal override IEnumerable<string> FieldIds => Elements.SelectMany(e => e.FieldIds);

    internal override void Write(Utf8JsonWriter writer, Func<string, bool> isShown)
    {
        if (!FieldIds.Any(isShown) && !Elements.Any(e => e is FormHtmlBlock))
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("component", "page");
        Schema.SchemaJson.WriteNullableString(writer, Schema.SchemaKeys.NextButtonLabel, NextButtonLabel);
        Schema.SchemaJson.WriteNullableString(writer, Schema.SchemaKeys.PreviousButtonLabel, PreviousButtonLabel);
        writer.WriteStartArray("elements");
        foreach (var element in Elements)
        {
            element.Write(writer, isShown);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

internal sealed record FormInput(string Field) : FormElement
{
    internal override IEnumerable<string> FieldIds => [Field];

    internal override void Write(Utf8JsonWriter writer, Func<string, bool> isShown)
    {
        if (isShown(Field))
        {
            writer.WriteStartObject();
            writer.WriteString("component", "input");
            writer.WriteString("fieldId", Field);
            writer.WriteEndObject();
        }
    }
}

internal sealed record FormRow(IReadOnlyList<string> Fields) : FormElement
{
    internal override IEnumerable<string> FieldIds => Fields;

    internal override void Write(Utf8JsonWriter writer, Func<string, bool> isShown)
    {
        if (!Fields.Any(isShown))
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("component", "row");
        writer.WriteStartArray("fields");
        foreach (var field in Fields.Where(isShown))
        {
            new FormInput(field).Write(writer, isShown);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

internal sealed record FormSeparator : FormElement
{
    internal override IEnumerable<string> FieldIds => [];

    internal override void Write(Utf8JsonWriter writer, Func<string, bool> isShown)
    {
        writer.WriteStartObject();
        writer.WriteString("component", "separator");
        writer.WriteEndObject();
    }
}

internal sealed record FormHtmlBlock(string Content) : FormElement
{
    internal override IEnumerable<string> FieldIds => [];

    internal override void Write(Utf8JsonWriter writer, Func<string, bool> isShown)
    {
        writer.WriteStartObject();
        writer.WriteString("component", "htmlBlock");
        writer.WriteString("content", Content);
        writer.WriteEndObject();
    }
}

/// <summary>Implemented by a form class that lays its fields out (pages, rows, separators, HTML blocks).</summary>
public interface IFormLayout
{
    /// <summary>The layout of the form's fields (by their field names).</summary>
    static abstract FormLayout Layout { get; }
}
