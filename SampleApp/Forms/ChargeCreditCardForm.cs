using FluentValidation;
using Forest.Mvc;

namespace SampleApp.Forms;

/// <summary>The form of "Charge credit card" (fields as in the reference page).</summary>
public sealed class ChargeCreditCardForm
{
    [FormField("amount", Description = "The amount (USD) to charge the credit card. Example: 42.50")]
    public decimal Amount { get; set; }

    [FormField("description", Description = "Explain the reason why you want to charge manually the customer here")]
    public string Description { get; set; } = "";
}

public sealed class ChargeCreditCardFormValidator : AbstractValidator<ChargeCreditCardForm>
{
    public ChargeCreditCardFormValidator()
    {
        RuleFor(f => f.Amount).GreaterThan(0).LessThanOrEqualTo(10_000).PrecisionScale(8, 2, ignoreTrailingZeros: true);
        RuleFor(f => f.Description).NotEmpty().MaximumLength(200);
    }
}
