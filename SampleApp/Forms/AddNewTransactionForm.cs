using FluentValidation;
using Forest.Mvc;

namespace SampleApp.Forms;

/// <summary>The form of "Add new transaction" (fields as in the reference page: neither is marked required there).</summary>
public sealed class AddNewTransactionForm
{
    [FormField("Beneficiary company", Description = "Name of the company who will receive the transaction.")]
    [Reference("companies")]
    public int? BeneficiaryCompany { get; set; }

    [FormField("Amount")]
    public long? Amount { get; set; }
}

public sealed class AddNewTransactionFormValidator : AbstractValidator<AddNewTransactionForm>
{
    public AddNewTransactionFormValidator()
    {
        RuleFor(f => f.BeneficiaryCompany).NotNull().WithMessage("Choose the company who will receive the transaction.");
        RuleFor(f => f.Amount).NotNull().GreaterThan(0);
    }
}
