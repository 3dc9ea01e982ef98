using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Forest.Mvc.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Forest.Mvc.Hosting;
using Forest.Mvc.Permissions;
using Forest.Mvc.Invocation;

namespace Forest.Mvc;

/// <summary>Configures Forest.Mvc after <c>AddForest</c>: the data source, the library's store and its users.</summary>
public sealed class ForestBuilder
{
    private readonly ForestSetup _setup;

    internal ForestBuilder(IServiceCollection services, ForestSetup setup)
    {
        Services = services;
        _setup = setup;
    }

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// The store's provider configuration given to <see cref="AddStore"/>, or <see langword="null"/> before it: an
    /// add-on that keeps its data in the store's database (the jobs' scheduler) reads the provider and connection here.
    /// </summary>
    public Action<DbContextOptionsBuilder>? StoreConfiguration => _setup.StoreOptions;

    /// <summary>
    /// Records that an add-on feature is registered (<c>jobs</c>, <c>mcp</c>…): the console shows its screens, and
    /// declarations that need it pass the startup checks. Add-on packages call it from their registration method.
    /// </summary>
    /// <param name="name">The feature's name (lowercase, no space).</param>
    /// <returns><see langword="true"/> the first time; <see langword="false"/> when it was registered already.</returns>
    public bool AddFeature(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _setup.Features.Add(name);
    }

    /// <summary>
    /// Exposes the entities of <typeparamref name="TContext"/> as collections; smart actions run their queries on
    /// the request's instance of it.
    /// </summary>
    /// <typeparam name="TContext">The application's <see cref="DbContext"/>, registered in DI.</typeparam>
    /// <param name="configure">Optional names and segments of collections.</param>
    /// <returns>This builder.</returns>
    public ForestBuilder AddEntityFrameworkCore<TContext>(Action<ForestModelBuilder>? configure = null)
        where TContext : DbContext
    {
        if (_setup.DbContextType is not null && _setup.DbContextType != typeof(TContext))
        {
            throw new InvalidOperationException($"Forest.Mvc already uses {_setup.DbContextType.Name}; only one DbContext can provide the collections.");
        }

        _setup.DbContextType = typeof(TContext);
        configure?.Invoke(_setup.Model);
        Services.AddHealthChecks().AddDbContextCheck<TContext>("forest-data", tags: [Diagnostics.ForestHealth.Tag]);
        return this;
    }

    /// <summary>
    /// Stores the library's own tables (users of the built-in login) with the given EF Core relational provider,
    /// created at startup when missing.
    /// </summary>
    /// <param name="configure">The provider, e.g. <c>o =&gt; o.UseSqlite("Data Source=forest.db")</c>.</param>
    /// <returns>This builder.</returns>
    public ForestBuilder AddStore(Action<DbContextOptionsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.TryAddSingleton(provider => new StoreDeadlineInterceptor(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForestOptions>>().Value.DatabaseTimeout));
        // Pooled: every Forest request reads the rules version through it, so its creation is on the hot path.
        Services.AddDbContextPool<ForestStoreContext>((provider, options) =>
        {
            configure(options);
            Storage.Migrations.StoreProvider.Configure(options, provider.GetServices<IForestStoreProvider>());
            options.AddInterceptors(provider.GetRequiredService<StoreDeadlineInterceptor>());
        });
        UseStoreProvider(Storage.Migrations.StoreProvider.Sqlite);
        Services.Replace(ServiceDescriptor.Scoped<IStoreAccess, ConfiguredStore>());
        if (Services.LastOrDefault(d => d.ServiceType == typeof(IForestLoginService)) is not { } login || login.ImplementationType == typeof(NoLoginService))
        {
            // The application's own login service, registered before or after AddForest, stays in place.
            Services.Replace(ServiceDescriptor.Scoped<IForestLoginService, StoreLoginService>());
        }

        // ASP.NET Core Identity's hasher (PBKDF2); its cost follows PasswordHasherOptions, and the cost is stored in each hash.
        Services.TryAddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<StoredUser>, Microsoft.AspNetCore.Identity.PasswordHasher<StoredUser>>();
        Services.TryAddScoped<StoreUserSessions>();
        Services.Replace(ServiceDescriptor.Scoped<IUserSessions>(provider => provider.GetRequiredService<StoreUserSessions>()));
        Services.TryAddSingleton<Permissions.ForestRules>();
        Services.TryAddScoped<Permissions.RequestRules>();
        Services.TryAddSingleton<Activity.ActivityWriter>();
        Services.Replace(ServiceDescriptor.Singleton<Activity.IActivitySink>(provider => provider.GetRequiredService<Activity.ActivityWriter>()));
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<Diagnostics.IForestGauges, Activity.AuditGauges>());
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<Diagnostics.IForestGauges, Approvals.ApprovalGauges>());
        Services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<Activity.ActivityWriter>());
        Services.TryAddScoped<Approvals.ApprovalService>();
        Services.Replace(ServiceDescriptor.Singleton<Actions.IApprovalRecords, Approvals.StoreApprovalRecords>());
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<Invocation.IInvocationStage, CurrentUserStage>());
        Services.AddHostedService<ForestStoreInitializer>();
        Services.AddHostedService<Permissions.ForestRulesListener>();
        Services.AddHealthChecks().AddDbContextCheck<ForestStoreContext>("forest-store", tags: [Diagnostics.ForestHealth.Tag]);
        _setup.StoreOptions = configure;
        return this;
    }

    /// <summary>
    /// Adds a database engine for the store (its migrations and its startup lock). SQLite is built in; the
    /// PostgreSQL and SQL Server packages call this from <c>UsePostgreSqlStore()</c> and <c>UseSqlServerStore()</c>.
    /// The provider used is the one whose <see cref="IForestStoreProvider.EntityFrameworkProvider"/> is the EF Core
    /// provider given to <see cref="AddStore"/>; without one, the application fails at startup with a message that
    /// names the package to add.
    /// </summary>
    /// <param name="provider">The engine's provider.</param>
    /// <returns>This builder.</returns>
    public ForestBuilder UseStoreProvider(IForestStoreProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (!Services.Any(d => d.ServiceType == typeof(IForestStoreProvider) && d.ImplementationInstance?.GetType() == provider.GetType()))
        {
            Services.AddSingleton(provider);
        }

        return this;
    }

    /// <summary>Creates this role and its permissions in the store at startup, unless a role with this name exists.</summary>
    /// <param name="name">The role name.</param>
    /// <param name="configure">What the role may do.</param>
    /// <returns>This builder.</returns>
    public ForestBuilder AddRole(string name, Action<RoleBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var role = new RoleBuilder(name);
        configure(role);
        _setup.Roles.Add(role);
        return this;
    }

    /// <summary>Creates this scope in the store at startup unless the same scope exists.</summary>
    /// <param name="scope">The collection, filter, and role or team.</param>
    /// <returns>This builder.</returns>
    public ForestBuilder AddScope(ScopeSeed scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        _setup.Scopes.Add(scope);
        return this;
    }

    /// <summary>Creates this user in the store at startup unless a user with the same email exists.</summary>
    /// <param name="user">The user and its password.</param>
    /// <returns>This builder.</returns>
    public ForestBuilder AddUser(ForestUserSeed user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _setup.Users.Add(user);
        return this;
    }
}
