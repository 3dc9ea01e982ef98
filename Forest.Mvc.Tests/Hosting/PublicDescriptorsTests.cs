using System.Reflection;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Forest.Mvc.Tests.Hosting;

/// <summary>
/// What an integration (an OpenAPI generator, a docs page) can read without the library's internals: the public,
/// immutable descriptors attached to each action endpoint and listed by <see cref="ForestModel"/>.
/// </summary>
[TestFixture]
public sealed class PublicDescriptorsTests
{
    private LiveDemoFactory _factory = null!;
    private IReadOnlyList<RouteEndpoint> _endpoints = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new LiveDemoFactory();
        _ = _factory.CreateClient();
        _endpoints = [.. _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];
    }

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    private RouteEndpoint Endpoint(string route) =>
        _endpoints.Single(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/') == route);

    [Test]
    public void AnActionEndpoint_CarriesItsDescriptor_WithTheCollectionAndItsKeyType()
    {
        var action = Endpoint("/forest/actions/mark-as-live").Metadata.GetMetadata<ForestActionDescriptor>();

        Assert.That(action, Is.Not.Null);
        Assert.That((action!.Name, action.Type, action.HttpMethod, action.Route, action.Id), Is.EqualTo(("Mark as Live", ActionType.Single, "POST", "/forest/actions/mark-as-live", "companies-mark-as-live")));
        Assert.That((action.Collection.Name, action.Collection.ClrType, action.Collection.PrimaryKey.ClrType), Is.EqualTo(("companies", typeof(global::SampleApp.Data.Company), typeof(int))));
        Assert.That(action.Form.Fields, Is.Empty);
    }

    [Test]
    public void TheFormFields_AreTyped_AsTheServerChecksThem()
    {
        var action = Endpoint("/forest/actions/add-new-transaction").Metadata.GetMetadata<ForestActionDescriptor>()!;

        var beneficiary = action.Form.Fields.Single(f => f.Name == "Beneficiary company");
        var amount = action.Form.Fields.Single(f => f.Name == "Amount");
        Assert.That((beneficiary.Type, beneficiary.Reference), Is.EqualTo((FieldType.Number, "companies.id")));
        Assert.That((amount.Type, amount.IsList, action.Form.FormType), Is.EqualTo((FieldType.Number, false, typeof(global::SampleApp.Forms.AddNewTransactionForm))));
    }

    [Test]
    public void HookEndpoints_CarryTheDescriptorOfTheirAction()
    {
        var action = Endpoint("/forest/actions/refund").Metadata.GetMetadata<ForestActionDescriptor>();

        Assert.That(Endpoint("/forest/actions/refund/hooks/load").Metadata.GetMetadata<ForestActionDescriptor>(), Is.SameAs(action));
        Assert.That(action!.Form.HasLoadHook, Is.True);
    }

    [Test]
    public void TheModel_ListsEveryActionOfTheSchema_EachOnItsEndpoint()
    {
        var model = _factory.Services.GetRequiredService<ForestModel>();
        var onEndpoints = _endpoints.Select(e => e.Metadata.GetMetadata<ForestActionDescriptor>()).OfType<ForestActionDescriptor>().Distinct();

        Assert.That(model.Actions, Has.Count.GreaterThanOrEqualTo(19));
        Assert.That(onEndpoints, Is.EquivalentTo(model.Actions));
        Assert.That(model.FindCollection("transactions")!.Relationships.Select(r => r.Name), Is.EquivalentTo(new[] { "beneficiary_company", "emitter_company" }));
    }

    [TestCase(typeof(ForestActionDescriptor))]
    [TestCase(typeof(ForestFormDescriptor))]
    [TestCase(typeof(ForestActionFieldDescriptor))]
    [TestCase(typeof(ForestCollectionDescriptor))]
    [TestCase(typeof(ForestFieldDescriptor))]
    [TestCase(typeof(ForestRelationshipDescriptor))]
    [TestCase(typeof(ForestModel))]
    public void Descriptors_AreImmutable_AndOnlyTheLibraryBuildsThem(Type type)
    {
        var setters = type.GetProperties().Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name);
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);

        Assert.That(setters, Is.Empty);
        Assert.That(constructors, Is.Empty);
    }

    [Test]
    public void NoShippedPackage_SeesTheLibrarysInternals()
    {
        var friends = typeof(ForestUser).Assembly.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>().Select(a => a.AssemblyName);

        Assert.That(friends, Is.SubsetOf(new[] { "Forest.Mvc.Tests", "Forest.Mvc.Benchmarks", "Forest.Mvc.StoreDesign" }));
    }
}
