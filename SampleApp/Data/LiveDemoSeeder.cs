using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace SampleApp.Data;

/// <summary>Creates the Live Demo database and fills it, once, with deterministic realistic data.</summary>
public static class LiveDemoSeeder
{
    private static readonly string[] NameParts = ["Acme", "Blue", "Nova", "Peak", "Quantum", "River", "Solar", "Terra", "Urban", "Vertex", "Wild", "Zen", "Atlas", "Bright", "Cedar", "Delta", "Echo", "Falcon", "Granite", "Harbor"];
    private static readonly string[] NameSuffixes = ["Labs", "Systems", "Foods", "Logistics", "Health", "Capital", "Media", "Motors", "Energy", "Robotics"];
    private static readonly string[] Industries = ["Fintech", "Retail", "Healthcare", "Energy", "Transport", "Media", "Education", "Food"];
    private static readonly string[] Cities = ["Paris", "London", "Berlin", "Madrid", "New York", "San Francisco", "Toronto", "Lisbon", "Amsterdam", "Dublin"];
    private static readonly string[] FirstNames = ["Angelica", "Bruno", "Chloe", "David", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Karim", "Lea", "Marco", "Nina", "Oscar", "Paula", "Quentin", "Rosa", "Sami", "Tara"];
    private static readonly string[] LastNames = ["Bengtsson", "Martin", "Dubois", "Schmidt", "Garcia", "Rossi", "Smith", "Nowak", "Silva", "Jensen", "Kowalski", "Moreau", "Fischer", "Lopez", "Brown"];
    private static readonly string[] Titles = ["CEO", "CFO", "Accountant", "Sales manager", "Developer", "Support agent", "Designer"];
    private static readonly string[] Brands = ["Visa", "MasterCard", "American Express"];
    private static readonly string[] Countries = ["US", "FR", "GB", "DE", "CA", "ES"];
    private static readonly string[] TransactionStatuses = ["to_validate", "validated", "rejected"];

    private const int Batch = 10_000;

    private static bool HasCurrentSchema(LiveDemoContext db)
    {
        try
        {
            _ = db.Companies.OrderBy(c => c.Id).Select(c => c.RiskScore).FirstOrDefault(); // reads the column: fails on an older schema
            return true;
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Creates the schema when missing and seeds an empty database.</summary>
    /// <param name="db">The context.</param>
    /// <param name="scale">
    /// 1 for the full demo (1 000 companies, 2 000 customers, 10 000 transactions); smaller for tests; up to 1 000
    /// (a million companies) for the background actions, the other collections growing up to a scale of 10.
    /// </param>
    /// <param name="now">The seeding time.</param>
    public static void Seed(LiveDemoContext db, double scale, DateTime now)
    {
        db.Database.EnsureCreated();
        if (!HasCurrentSchema(db))
        {
            // Demo data made by an older Live Demo (a column is missing): it is demo data, so it is made again.
            db.Database.EnsureDeleted();
            db.Database.EnsureCreated();
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging: the console keeps reading while an action or another process writes.
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }

        if (db.Companies.Any())
        {
            return;
        }

        var random = new Random(42);
        var companyCount = Math.Max(20, (int)(1000 * scale));
        var companyIds = new List<int>(companyCount);
        var batch = new List<Company>(Batch);
        for (var i = 0; i < companyCount; i++)
        {
            var status = i % 10 < 5 ? CompanyStatus.Pending : i % 10 < 9 ? CompanyStatus.Live : CompanyStatus.Suspended;
            var created = now.AddDays(-random.Next(1, 900)).AddMinutes(-random.Next(0, 1440));
            batch.Add(new Company
            {
                Name = $"{NameParts[i % NameParts.Length]} {NameSuffixes[(i / NameParts.Length) % NameSuffixes.Length]} {i / 200 + 1}",
                Industry = Industries[random.Next(Industries.Length)],
                Status = status,
                Headquarter = Cities[random.Next(Cities.Length)],
                Description = $"A {Industries[i % Industries.Length].ToLowerInvariant()} company founded in {2000 + (i % 24)}.",
                CreatedAt = created,
                LiveSince = status == CompanyStatus.Live ? created.AddDays(random.Next(1, 60)) : null,
            });
            if (batch.Count == Batch || i == companyCount - 1)
            {
                // In batches, forgotten once saved: a million companies (SeedScale 1000) seed with flat memory.
                db.Companies.AddRange(batch);
                db.SaveChanges();
                companyIds.AddRange(batch.Select(c => c.Id));
                db.ChangeTracker.Clear();
                batch.Clear();
            }
        }

        // Above a scale of 10, only the companies grow (the background "Recompute risk scores" demo over a million).
        scale = Math.Min(scale, 10);
        var userCount = Math.Max(60, (int)(3000 * scale));
        for (var i = 0; i < userCount; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            db.Users.Add(new User
            {
                Id = new Guid(random.Next(), (short)random.Next(short.MaxValue), (short)random.Next(short.MaxValue), [.. Enumerable.Range(0, 8).Select(_ => (byte)random.Next(256))]),
                FirstName = first,
                LastName = last,
                Email = $"{first}.{last}.{i}@example.com".ToLowerInvariant(),
                Title = Titles[random.Next(Titles.Length)],
                CompanyId = companyIds[i % companyIds.Count],
            });
            SaveEvery(db, i);
        }

        var customerCount = Math.Max(40, (int)(2000 * scale));
        for (var i = 0; i < customerCount; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            db.Customers.Add(new Customer
            {
                FirstName = first,
                LastName = last,
                Email = $"{first}.{last}.{i}@customers.example".ToLowerInvariant(),
                StripeId = "cus_" + (100000 + i).ToString(CultureInfo.InvariantCulture),
                CardLast4 = random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture),
                CardBrand = Brands[random.Next(Brands.Length)],
                CardExpMonth = random.Next(1, 13),
                CardExpYear = now.Year + random.Next(1, 5),
                CardCountry = Countries[random.Next(Countries.Length)],
                CardBlocked = i % 10 == 3,
                CreatedAt = now.AddDays(-random.Next(1, 700)),
            });
            SaveEvery(db, i);
        }

        var transactionCount = Math.Max(200, (int)(10000 * scale));
        for (var i = 0; i < transactionCount; i++)
        {
            var emitter = companyIds[random.Next(companyIds.Count)];
            var beneficiary = companyIds[random.Next(companyIds.Count)];
            var amount = random.Next(10, 10000);
            db.Transactions.Add(new Transaction
            {
                Reference = "TX-" + (100000 + i).ToString(CultureInfo.InvariantCulture),
                Amount = amount,
                VatAmount = amount / 5,
                FeeAmount = amount / 100,
                Status = TransactionStatuses[random.Next(TransactionStatuses.Length)],
                Note = i % 7 == 0 ? "Urgent transfer" : null,
                EmitterIban = Iban(random),
                BeneficiaryIban = Iban(random),
                EmitterBic = "BNPAFRPP",
                BeneficiaryBic = "DEUTDEFF",
                CreatedAt = now.AddDays(-random.Next(0, 365)).AddMinutes(-random.Next(0, 1440)),
                EmitterCompanyId = emitter,
                BeneficiaryCompanyId = beneficiary,
            });
            SaveEvery(db, i);
        }

        db.SaveChanges();
        db.ChangeTracker.Clear();
    }

    /// <summary>Saves and forgets the rows added so far every <see cref="Batch"/> rows, so that seeding's memory stays flat.</summary>
    private static void SaveEvery(LiveDemoContext db, int index)
    {
        if ((index + 1) % Batch == 0)
        {
            db.SaveChanges();
            db.ChangeTracker.Clear();
        }
    }

    internal static string Iban(Random random) =>
        "FR76" + string.Concat(Enumerable.Range(0, 23).Select(_ => random.Next(10).ToString(CultureInfo.InvariantCulture)));
}
