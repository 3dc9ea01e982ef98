using System.Text.Json;

namespace Forest.Mvc.Schema;

/// <summary>
/// The keys of the schema document and of form fields, encoded once rather than at every write: the schema of an
/// application with thousands of actions writes each of them thousands of times, and form hooks write fields per request.
/// </summary>
internal static class SchemaKeys
{
    public static readonly JsonEncodedText Actions = JsonEncodedText.Encode("actions");
    public static readonly JsonEncodedText BaseUrl = JsonEncodedText.Encode("baseUrl");
    public static readonly JsonEncodedText Change = JsonEncodedText.Encode("change");
    public static readonly JsonEncodedText DefaultValue = JsonEncodedText.Encode("defaultValue");
    public static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    public static readonly JsonEncodedText Download = JsonEncodedText.Encode("download");
    public static readonly JsonEncodedText Endpoint = JsonEncodedText.Encode("endpoint");
    public static readonly JsonEncodedText Enums = JsonEncodedText.Encode("enums");
    public static readonly JsonEncodedText Field = JsonEncodedText.Encode("field");
    public static readonly JsonEncodedText Fields = JsonEncodedText.Encode("fields");
    public static readonly JsonEncodedText Hook = JsonEncodedText.Encode("hook");
    public static readonly JsonEncodedText Hooks = JsonEncodedText.Encode("hooks");
    public static readonly JsonEncodedText HttpMethod = JsonEncodedText.Encode("httpMethod");
    public static readonly JsonEncodedText Icon = JsonEncodedText.Encode("icon");
    public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    public static readonly JsonEncodedText Integration = JsonEncodedText.Encode("integration");
    public static readonly JsonEncodedText InverseOf = JsonEncodedText.Encode("inverseOf");
    public static readonly JsonEncodedText IsFilterable = JsonEncodedText.Encode("isFilterable");
    public static readonly JsonEncodedText IsPrimaryKey = JsonEncodedText.Encode("isPrimaryKey");
    public static readonly JsonEncodedText IsReadOnly = JsonEncodedText.Encode("isReadOnly");
    public static readonly JsonEncodedText IsRequired = JsonEncodedText.Encode("isRequired");
    public static readonly JsonEncodedText IsSearchable = JsonEncodedText.Encode("isSearchable");
    public static readonly JsonEncodedText IsSortable = JsonEncodedText.Encode("isSortable");
    public static readonly JsonEncodedText IsVirtual = JsonEncodedText.Encode("isVirtual");
    public static readonly JsonEncodedText Layout = JsonEncodedText.Encode("layout");
    public static readonly JsonEncodedText Load = JsonEncodedText.Encode("load");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText NameOld = JsonEncodedText.Encode("nameOld");
    public static readonly JsonEncodedText NextButtonLabel = JsonEncodedText.Encode("nextButtonLabel");
    public static readonly JsonEncodedText OnlyForRelationships = JsonEncodedText.Encode("onlyForRelationships");
    public static readonly JsonEncodedText PaginationType = JsonEncodedText.Encode("paginationType");
    public static readonly JsonEncodedText Parameters = JsonEncodedText.Encode("parameters");
    public static readonly JsonEncodedText Position = JsonEncodedText.Encode("position");
    public static readonly JsonEncodedText PreviousButtonLabel = JsonEncodedText.Encode("previousButtonLabel");
    public static readonly JsonEncodedText Redirect = JsonEncodedText.Encode("redirect");
    public static readonly JsonEncodedText Reference = JsonEncodedText.Encode("reference");
    public static readonly JsonEncodedText Relationship = JsonEncodedText.Encode("relationship");
    public static readonly JsonEncodedText Segments = JsonEncodedText.Encode("segments");
    public static readonly JsonEncodedText SubmitButtonLabel = JsonEncodedText.Encode("submitButtonLabel");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Validations = JsonEncodedText.Encode("validations");
    public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    public static readonly JsonEncodedText Widget = JsonEncodedText.Encode("widget");
    public static readonly JsonEncodedText WidgetEdit = JsonEncodedText.Encode("widgetEdit");
}
