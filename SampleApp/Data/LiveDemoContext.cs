using Microsoft.EntityFrameworkCore;

namespace SampleApp.Data;

/// <summary>The Live Demo's data: companies, their users and transactions, customers and their charges.</summary>
public class LiveDemoContext(DbContextOptions<LiveDemoContext> options) : DbContext(options)
{
    public DbSet<Company> Companies => Set<Company>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Charge> Charges => Set<Charge>();

    public DbSet<Transaction> Transactions => Set<Transaction>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Company>(company =>
        {
            company.HasIndex(c => c.Status);
            company.HasMany(c => c.Users).WithOne(u => u.Company).HasForeignKey(u => u.CompanyId).OnDelete(DeleteBehavior.Cascade);
            company.HasMany(c => c.EmittedTransactions).WithOne(t => t.EmitterCompany).HasForeignKey(t => t.EmitterCompanyId).OnDelete(DeleteBehavior.Restrict);
            company.HasMany(c => c.ReceivedTransactions).WithOne(t => t.BeneficiaryCompany).HasForeignKey(t => t.BeneficiaryCompanyId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Customer>().HasMany(c => c.Charges).WithOne(c => c.Customer).HasForeignKey(c => c.CustomerId);
        modelBuilder.Entity<Charge>().Property(c => c.Id).ValueGeneratedNever();
    }
}
