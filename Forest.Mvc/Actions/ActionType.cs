using Forest.Mvc.Actions;

namespace Forest.Mvc;

/// <summary>How many records a smart action runs on.</summary>
#pragma warning disable CA1720 // "Single" is the Forest name of the type
public enum ActionType
{
    /// <summary>One or more selected records, or every record matching the list ("select all"). The default.</summary>
    Bulk = 0,

    /// <summary>Exactly one selected record.</summary>
    Single = 1,

    /// <summary>No record: the action applies to the collection as a whole; selected ids are ignored.</summary>
    Global = 2,
}
#pragma warning restore CA1720
