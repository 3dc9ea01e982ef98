using FluentValidation;
using Forest.Mvc;

namespace SampleApp.Forms;

/// <summary>
/// A dynamic form: the load hook prefills the amount from the transaction, and choosing "Other" as the reason
/// reveals a required "Details" field (change hook).
/// </summary>
public sealed class RefundTransactionForm
{
    public static readonly string[] Reasons = ["Duplicate charge", "Fraudulent", "Customer request", "Other"];

    [FormField(Enums = ["Duplicate charge", "Fraudulent", "Customer request", "Other"], Description = "Why the money goes back.")]
    public string Reason { get; set; } = "";

    [FormField(Widget = "text area", Description = "Tell the accounting team what happened.")]
    public string? Details { get; set; }

    [FormField(Description = "Up to the transaction's amount.")]
    public long Amount { get; set; }
}

public sealed class RefundTransactionFormValidator : AbstractValidator<RefundTransactionForm>
{
    public RefundTransactionFormValidator()
    {
        RuleFor(f => f.Amount).GreaterThan(0);
        RuleFor(f => f.Details).NotEmpty().When(f => f.Reason == "Other").WithMessage("Details are required when the reason is Other.");
    }
}
