using System.Globalization;
using System.Text;
using Forest.Mvc.Discovery;
using Microsoft.EntityFrameworkCore.Metadata;
using Forest.Mvc.Schema;

namespace Forest.Mvc.Discovery;

/// <summary>Builds the registry from an EF Core model and controller types, or fails with every error at once.</summary>
internal static class ForestRegistryFactory
{
    public static ForestRegistry Create(
        Type dbContextType,
        string databaseType,
        IModel model,
        IReadOnlyDictionary<Type, CollectionConfiguration> configurations,
        IEnumerable<Type> controllerTypes,
        IReadOnlySet<string>? features = null)
    {
        var errors = new List<string>();
        var collections = CollectionModelReader.Read(model, configurations, errors);
        foreach (var unknown in configurations.Keys.Where(t => collections.All(c => c.ClrType != t)))
        {
            errors.Add($"Collection<{unknown.Name}>(...) configures a type that is not an entity of {dbContextType.Name} with a single-column primary key of a supported type (int, long, Guid or string).");
        }

        var actions = ActionDiscovery.Discover(controllerTypes, collections, errors);
        foreach (var collection in collections)
        {
            var ofCollection = actions.Where(a => a.Collection == collection.Name).ToList();
            foreach (var rule in collection.EnableRules.Keys.Where(name => ofCollection.All(a => a.Name != name)))
            {
                errors.Add($"ActionEnabledWhen(\"{rule}\", ...) on '{collection.Name}' names no action of that collection (actions: {string.Join(", ", ofCollection.Select(a => a.Name))}).");
            }
        }
        // features: the add-ons registered; null builds the registry without checking what needs an add-on.
        if (features is not null && !features.Contains(ForestFeatures.BackgroundJobs))
        {
            foreach (var background in actions.Where(a => a.Background))
            {
                errors.Add($"{background.DisplayName}: '{background.Name}' is declared with Background = true, which runs it as a job of the background jobs add-on: add the package Forest.Mvc.Jobs and call .AddBackgroundJobs() after AddStore(...) on the Forest builder (or remove Background = true).");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(Describe(errors));
        }

        return new ForestRegistry(dbContextType, databaseType, collections, actions);
    }

    internal static string Describe(IReadOnlyList<string> errors)
    {
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"Forest.Mvc found {errors.Count} error{(errors.Count == 1 ? "" : "s")} in the smart action declarations:");
        for (var i = 0; i < errors.Count; i++)
        {
            message.Append(CultureInfo.InvariantCulture, $"\n  {i + 1}. {errors[i]}");
        }

        return message.ToString();
    }
}
