using System.Text.Json;
using FluentValidation;
using Forest.Mvc;

namespace SampleApp.Forms;

public enum AuditScope
{
    Finance,
    Security,
    Compliance,
}

/// <summary>A form with every field type: text, numbers, dates, times, booleans, enums, lists, JSON and files.</summary>
public sealed class ScheduleAuditForm
{
    [FormField(Description = "Who leads the audit.")]
    public string Auditor { get; set; } = "";

    [FormField("Audit date")]
    public DateOnly AuditDate { get; set; }

    [FormField("Start time")]
    public TimeOnly? StartTime { get; set; }

    [FormField("Report deadline")]
    public DateTimeOffset? ReportDeadline { get; set; }

    [FormField("On site", DefaultValue = true)]
    public bool OnSite { get; set; }

    public AuditScope[] Scope { get; set; } = [];

    public decimal? Budget { get; set; }

    [FormField("Team size")]
    public int? TeamSize { get; set; }

    public List<string>? Contacts { get; set; }

    [FormField(Description = "Any JSON the audit tool understands.")]
    public JsonElement? Checklist { get; set; }

    [FormField(Widget = "file picker", MaxFileBytes = 256 * 1024)]
    public IReadOnlyList<ActionFile>? Attachments { get; set; }

    [FormField("Door code", Redact = true, Description = "Given to the auditors; never shown in logs.")]
    public string? DoorCode { get; set; }
}

public sealed class ScheduleAuditFormValidator : AbstractValidator<ScheduleAuditForm>
{
    public ScheduleAuditFormValidator(TimeProvider time)
    {
        RuleFor(f => f.Auditor).NotEmpty().MaximumLength(80);
        RuleFor(f => f.AuditDate).Must(date => date >= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).WithMessage("The audit date cannot be in the past.");
        RuleFor(f => f.Scope).NotEmpty().WithMessage("Choose at least one scope.");
        RuleFor(f => f.TeamSize).InclusiveBetween(1, 20);
        RuleFor(f => f.Budget).GreaterThanOrEqualTo(0);
    }
}
