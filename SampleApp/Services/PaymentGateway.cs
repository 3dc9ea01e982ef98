using System.Globalization;
using SampleApp.Data;

namespace SampleApp.Services;

/// <summary>The outcome of a charge on the fake gateway.</summary>
public sealed record ChargeOutcome(bool Succeeded, string ChargeId, long AmountInCents, string Last4, int ExpMonth, int ExpYear, string Brand, string Country);

/// <summary>An in-process stand-in for a card payment provider: cards marked blocked are refused.</summary>
public sealed class PaymentGateway(TimeProvider time)
{
    public ChargeOutcome Charge(Customer customer, decimal amount)
    {
        var cents = (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);
        var id = "ch_" + time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        return new ChargeOutcome(!customer.CardBlocked, id, cents, customer.CardLast4, customer.CardExpMonth, customer.CardExpYear, customer.CardBrand, customer.CardCountry);
    }
}
