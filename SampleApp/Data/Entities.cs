using Forest.Mvc;

namespace SampleApp.Data;

/// <summary>A company of the Live Demo; its <see cref="Status"/> is pending, live or suspended.</summary>
public class Company
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Industry { get; set; } = "";

    public string Status { get; set; } = CompanyStatus.Pending;

    public string? Headquarter { get; set; }

    public string? Description { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LiveSince { get; set; }

    /// <summary>0 (safe) to 100, set by the background action "Recompute risk scores".</summary>
    public double? RiskScore { get; set; }

    public ICollection<User> Users { get; set; } = [];

    public ICollection<Transaction> EmittedTransactions { get; set; } = [];

    public ICollection<Transaction> ReceivedTransactions { get; set; } = [];
}

public static class CompanyStatus
{
    public const string Pending = "pending";
    public const string Live = "live";
    public const string Suspended = "suspended";
}

/// <summary>A person working at a company (the "users" related data of a company).</summary>
public class User
{
    public Guid Id { get; set; }

    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    /// <summary>Names the user in the console (the convention would pick <see cref="Title"/>, a job title).</summary>
    [ReferenceField]
    public string Email { get; set; } = "";

    public string Title { get; set; } = "";

    public DateTime? PasswordResetRequestedAt { get; set; }

    public int CompanyId { get; set; }

    public Company? Company { get; set; }
}

/// <summary>A customer with a (fake) credit card.</summary>
public class Customer
{
    public int Id { get; set; }

    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    public string Email { get; set; } = "";

    public string StripeId { get; set; } = "";

    public string CardLast4 { get; set; } = "";

    public string CardBrand { get; set; } = "";

    public int CardExpMonth { get; set; }

    public int CardExpYear { get; set; }

    public string CardCountry { get; set; } = "";

    public bool CardBlocked { get; set; }

    public DateTime CreatedAt { get; set; }

    public ICollection<Charge> Charges { get; set; } = [];
}

/// <summary>A charge made on a customer's card by "Charge credit card" (string primary key).</summary>
public class Charge
{
    public string Id { get; set; } = "";

    public long AmountInCents { get; set; }

    public string Description { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public int CustomerId { get; set; }

    public Customer? Customer { get; set; }
}

/// <summary>A money transfer from an emitter company to a beneficiary company (long primary key).</summary>
public class Transaction
{
    public long Id { get; set; }

    public string Reference { get; set; } = "";

    public long Amount { get; set; }

    public long VatAmount { get; set; }

    public long FeeAmount { get; set; }

    public string Status { get; set; } = "to_validate";

    public string? Note { get; set; }

    public string EmitterIban { get; set; } = "";

    public string BeneficiaryIban { get; set; } = "";

    public string EmitterBic { get; set; } = "";

    public string BeneficiaryBic { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public int EmitterCompanyId { get; set; }

    public Company? EmitterCompany { get; set; }

    public int BeneficiaryCompanyId { get; set; }

    public Company? BeneficiaryCompany { get; set; }
}
