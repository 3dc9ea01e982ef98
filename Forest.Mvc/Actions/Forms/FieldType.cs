using Forest.Mvc.Forms;

namespace Forest.Mvc;

/// <summary>The Forest type of a smart action form field, as written in the schema.</summary>
#pragma warning disable CA1720 // the members are the Forest type names
public enum FieldType
{
    /// <summary>Free text (<c>String</c>).</summary>
    String = 0,

    /// <summary>A number, integer or decimal (<c>Number</c>).</summary>
    Number,

    /// <summary>true or false (<c>Boolean</c>).</summary>
    Boolean,

    /// <summary>A date and time, ISO 8601 (<c>Date</c>).</summary>
    Date,

    /// <summary>A calendar date without time, <c>yyyy-MM-dd</c> (<c>Dateonly</c>).</summary>
    Dateonly,

    /// <summary>A time of day, <c>HH:mm[:ss]</c> (<c>Time</c>).</summary>
    Time,

    /// <summary>One value out of a fixed list (<c>Enum</c>, with <c>enums</c>).</summary>
    Enum,

    /// <summary>Any JSON value (<c>Json</c>).</summary>
    Json,

    /// <summary>A file sent as a data URI (<c>File</c>).</summary>
    File,
}
#pragma warning restore CA1720
