using FluentValidation;
using Forest.Mvc;

namespace SampleApp.Forms;

/// <summary>The form of "Onboard company": three pages, a row of two fields, a separator and HTML blocks.</summary>
public sealed class OnboardCompanyForm : IFormLayout
{
    [FormField("Industry")]
    public string Industry { get; set; } = "";

    [FormField("Headquarter")]
    public string Headquarter { get; set; } = "";

    [FormField("Contact name")]
    public string ContactName { get; set; } = "";

    [FormField("Contact email", Description = "Where the onboarding documents are sent.")]
    public string ContactEmail { get; set; } = "";

    [FormField("Welcome call", Description = "Schedule a welcome call with the contact.")]
    public bool WelcomeCall { get; set; }

    /// <inheritdoc />
    public static FormLayout Layout => FormLayout.Of(
        FormElement.Page(
            FormElement.Html("<h3>The company</h3><p>Check what we know of the company before it goes live.</p>"),
            FormElement.Row("Industry", "Headquarter")) with { NextButtonLabel = "Contact" },
        FormElement.Page(
            FormElement.Input("Contact name"),
            FormElement.Separator(),
            FormElement.Input("Contact email")) with { PreviousButtonLabel = "Company", NextButtonLabel = "Review" },
        FormElement.Page(
            FormElement.Html("<p><strong>Last step.</strong> The company is onboarded when you submit.</p>"),
            FormElement.Input("Welcome call")) with { PreviousButtonLabel = "Contact" });
}

public sealed class OnboardCompanyFormValidator : AbstractValidator<OnboardCompanyForm>
{
    public OnboardCompanyFormValidator()
    {
        RuleFor(f => f.Industry).NotEmpty();
        RuleFor(f => f.Headquarter).NotEmpty();
        RuleFor(f => f.ContactName).NotEmpty();
        RuleFor(f => f.ContactEmail).NotEmpty().EmailAddress();
    }
}
