using Forest.Mvc.Errors;

namespace Forest.Mvc.Storage;

/// <summary>
/// The library's store as a request sees it. Without <c>AddStore(...)</c> the registered service is the null object
/// <see cref="NoStore"/>, so a route or a feature asks this service instead of probing the container for the store.
/// </summary>
internal interface IStoreAccess
{
    /// <summary>Whether <c>AddStore(...)</c> was called.</summary>
    bool IsConfigured { get; }

    /// <summary>The store, or a 501 naming <paramref name="feature"/> and the call that is missing.</summary>
    /// <param name="feature">What needs the store, as the start of a sentence ("Background jobs").</param>
    ForestStoreContext Require(string feature);
}

/// <summary>No store: every feature that needs one answers 501 and names the missing call.</summary>
internal sealed class NoStore : IStoreAccess
{
    public bool IsConfigured => false;

    public ForestStoreContext Require(string feature) =>
        throw new ForestRequestException(501, "NotImplementedError", $"{feature}: this feature needs the library's store; call AddStore(...) on the Forest builder.");
}

/// <summary>The store of <c>AddStore(...)</c>, the request's pooled context.</summary>
internal sealed class ConfiguredStore(ForestStoreContext store) : IStoreAccess
{
    public bool IsConfigured => true;

    public ForestStoreContext Require(string feature) => store;
}
