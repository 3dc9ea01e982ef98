using Forest.Mvc;

namespace SampleApp.Forms;

/// <summary>The form of "Assign account manager": a dropdown searched among the users as one types.</summary>
public sealed class AssignAccountManagerForm
{
    [FormField("Account manager", Description = "Type a name or an email to search the users.")]
    public string AccountManager { get; set; } = "";
}
