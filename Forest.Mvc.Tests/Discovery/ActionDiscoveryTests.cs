using Forest.Mvc.Actions;
using Forest.Mvc.Forms;
using Forest.Mvc.Schema;
using Forest.Mvc.Security;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Tests.Discovery;

/// <summary>Discovery without a host: descriptors from declarations, and every wrong declaration reported at once.</summary>
[TestFixture]
public sealed class ActionDiscoveryTests
{
    private static ForestRegistry Build(params Type[] controllers) => CatalogRegistry.Build(controllers);

    private static string ErrorOf(params Type[] controllers) =>
        Assert.Throws<InvalidOperationException>(() => Build(controllers))!.Message;

    public static class Declarations
    {
        public sealed class ProductsController : SmartActionsController<Product>
        {
            [SmartAction("Mark as Live", Type = ActionType.Single)]
            public IActionResult MarkAsLive() => Success("ok");

            [SmartAction("Restock", Endpoint = "/custom/restock", HttpMethod = "put", Description = "Adds stock", SubmitButtonLabel = "Go")]
            [ActionField("Quantity", FieldType.Number, IsRequired = true)]
            [ActionField("Category", Reference = "categories.id")]
            [ActionField("Reason", FieldType.Enum, Enums = ["lost", "found"])]
            public Task Restock(ForestUser user, CancellationToken ct) => Task.CompletedTask;

            [NonAction]
            public void Helper()
            {
            }
        }

        public sealed class DuplicateNameController : SmartActionsController<Product>
        {
            [SmartAction("mark as live", Endpoint = "/other")]
            public IActionResult Again() => Done();
        }

        public sealed class SameRouteController : SmartActionsController<Category>
        {
            [SmartAction("Mark as Live")]
            public IActionResult Collides() => Done();
        }

        public sealed class ReadingsController : SmartActionsController<Reading>
        {
            [SmartAction("Recalibrate")]
            public IActionResult Recalibrate() => Done();
        }

        public sealed class SamePathOtherMethodController : SmartActionsController<Category>
        {
            [SmartAction("Archive", Endpoint = "/custom/restock", HttpMethod = "DELETE")]
            public IActionResult Archive() => Done();
        }

        public sealed class BadEndpointController : SmartActionsController<Category>
        {
            [SmartAction("Relative", Endpoint = "forest/actions/relative")]
            public IActionResult Relative() => Done();
        }

        public sealed class GetMethodController : SmartActionsController<Category>
        {
            [SmartAction("Read only", HttpMethod = "GET")]
            public IActionResult ReadOnly() => Done();
        }

        public sealed class BadParameterController : SmartActionsController<Category>
        {
            [SmartAction("With id")]
            public IActionResult WithId(int id) => Done();
        }

        public sealed class PublicHelperController : SmartActionsController<Category>
        {
            public IActionResult Exposed() => new OkResult();
        }

        public sealed class NoCollectionController : Controller
        {
            [SmartAction("Orphan")]
            public IActionResult Orphan() => Ok();
        }

        public sealed class AnonymousController : SmartActionsController<Category>
        {
            [SmartAction("Open bar")]
            [AllowAnonymous]
            public IActionResult OpenBar() => Done();
        }

        public sealed class UnknownEntityController : SmartActionsController<FixedTime>
        {
            [SmartAction("Tick")]
            public IActionResult Tick() => Done();
        }

        public sealed class BadFieldsController : SmartActionsController<Category>
        {
            [SmartAction("Fields")]
            [ActionField("Choice", FieldType.Enum)]
            [ActionField("Target", Reference = "planets.id")]
            [ActionField("Target")]
            public IActionResult Fields() => Done();
        }

        public sealed class ReservedRouteController : SmartActionsController<Category>
        {
            [SmartAction("Schema", Endpoint = "/forest/schema")]
            public IActionResult Schema() => Done();
        }

        public sealed class BadReturnController : SmartActionsController<Category>
        {
            [SmartAction("Answer")]
            public string Answer() => "42";
        }

        public sealed class ResumableInlineController : SmartActionsController<Category>
        {
            [SmartAction("Recount", Resumable = true)]
            public IActionResult Recount() => Success("Recounted.");
        }
    }

    [Test]
    public void Discover_BuildsDescriptorsWithDefaultsAndOverrides()
    {
        var registry = Build(typeof(Declarations.ProductsController));

        var markAsLive = registry.Actions.Single(a => a.Name == "Mark as Live");
        var restock = registry.Actions.Single(a => a.Name == "Restock");
        Assert.Multiple(() =>
        {
            Assert.That(registry.Actions, Has.Count.EqualTo(2), "[NonAction] methods are not actions");
            Assert.That(markAsLive.Id, Is.EqualTo("products-mark-as-live"));
            Assert.That(markAsLive.Endpoint, Is.EqualTo("/forest/actions/mark-as-live"));
            Assert.That(markAsLive.HttpMethod, Is.EqualTo("POST"));
            Assert.That(markAsLive.WireType, Is.EqualTo("single"));
            Assert.That(restock.Endpoint, Is.EqualTo("/custom/restock"));
            Assert.That(restock.HttpMethod, Is.EqualTo("PUT"));
            Assert.That(restock.WireType, Is.EqualTo("bulk"));
            Assert.That(restock.Fields.Select(f => (f.Field, f.Type, f.Position)), Is.EqualTo(new[]
            {
                ("Quantity", FieldType.Number, 0),
                ("Category", FieldType.Number, 1),
                ("Reason", FieldType.Enum, 2),
            }));
            Assert.That(registry.ActionsOf(registry.FindCollection("products")!), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Discover_ReadsCollectionsFromTheEfModel()
    {
        var registry = Build();

        var products = registry.FindCollection("products")!;
        Assert.Multiple(() =>
        {
            Assert.That(registry.Collections.Select(c => c.Name), Is.EqualTo(new[] { "categories", "labels", "products" }), "the many-to-many join table is not a collection");
            Assert.That(products.PrimaryKey.Name, Is.EqualTo("id"));
            Assert.That(products.FindField("category_id"), Is.Null, "a foreign key shows as its relationship");
            Assert.That(products.FindRelationship("category")!.TargetCollection, Is.EqualTo("categories"));
            Assert.That(products.FindField("kind")!.Enums, Is.EqualTo(new[] { "Book", "Game", "Tool" }));
            Assert.That(registry.FindCollection("labels")!.PrimaryKey.ForestType, Is.EqualTo("String"));
        });
    }

    [TestCase(typeof(Declarations.BadEndpointController), "Forest.Mvc.Tests.Discovery.ActionDiscoveryTests+Declarations+BadEndpointController.Relative: the endpoint 'forest/actions/relative' must start with '/'. Write it as '/forest/actions/relative'.")]
    [TestCase(typeof(Declarations.GetMethodController), "ReadOnly: the HTTP method 'GET' is not allowed for a smart action")]
    [TestCase(typeof(Declarations.BadParameterController), "WithId: the parameter 'id' of type Int32 is not supported.")]
    [TestCase(typeof(Declarations.PublicHelperController), "Exposed: a public method of a smart actions controller would be an unprotected endpoint.")]
    [TestCase(typeof(Declarations.NoCollectionController), "Orphan: [SmartAction] is only allowed on a controller deriving from SmartActionsController<TEntity>")]
    [TestCase(typeof(Declarations.AnonymousController), "OpenBar: [AllowAnonymous] is not allowed on a smart action")]
    [TestCase(typeof(Declarations.UnknownEntityController), "the entity Forest.Mvc.Tests.Infrastructure.FixedTime is not a collection of the registered DbContext")]
    [TestCase(typeof(Declarations.ReservedRouteController), "the endpoint /forest/schema is reserved by Forest.Mvc")]
    [TestCase(typeof(Declarations.BadReturnController), "Answer: the return type String is not supported.")]
    [TestCase(typeof(Declarations.ResumableInlineController), "Recount: Resumable = true only applies to a background action: add Background = true, or remove Resumable.")]
    public void WrongDeclaration_StopsStartup_WithAMessageNamingTheMethod(Type controller, string expected)
    {
        Assert.That(ErrorOf(controller), Does.Contain(expected));
    }

    [Test]
    public void DuplicateNamesAndRoutes_AreReported()
    {
        var message = ErrorOf(typeof(Declarations.ProductsController), typeof(Declarations.DuplicateNameController), typeof(Declarations.SameRouteController));

        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("The collection 'products' declares the action 'mark as live' 2 times"));
            Assert.That(message, Does.Contain("share the route POST /forest/actions/mark-as-live. Set a distinct Endpoint on all but one of them."));
        });
    }

    [Test]
    public void OneEndpointWithTwoMethods_IsReported_SinceTheHookRoutesWouldBeAmbiguous()
    {
        var message = ErrorOf(typeof(Declarations.ProductsController), typeof(Declarations.SamePathOtherMethodController));

        Assert.That(message, Does.Contain("share the endpoint /custom/restock with different HTTP methods, so their form hook routes /custom/restock/hooks/load and /hooks/change would be ambiguous"));
    }

    [Test]
    public void EntityWithAnUnsupportedKeyType_IsNoCollection_AndItsActionsStopStartup()
    {
        var registry = Build(typeof(Declarations.ProductsController));
        var message = ErrorOf(typeof(Declarations.ReadingsController));

        Assert.That(registry.Collections.Select(c => c.Name), Does.Not.Contain("readings").And.Contain("products"));
        Assert.That(message, Does.Contain("the entity Forest.Mvc.Tests.Infrastructure.Reading is not a collection").And.Contain("of type int, long, Guid or string"));
    }

    [Test]
    public void EveryError_IsListedAtOnce_AndNumbered()
    {
        var message = ErrorOf(typeof(Declarations.BadEndpointController), typeof(Declarations.GetMethodController), typeof(Declarations.BadFieldsController));

        Assert.Multiple(() =>
        {
            Assert.That(message, Does.StartWith("Forest.Mvc found 5 errors in the smart action declarations:\n  1. "));
            Assert.That(message, Does.Contain("\n  5. "));
            Assert.That(message, Does.Contain("the Enum field 'Choice' lists no values"));
            Assert.That(message, Does.Contain("references 'planets.id', which is not '<collection>.<primary key>' of a known collection (known: categories, labels, products)"));
            Assert.That(message, Does.Contain("the form field 'Target' is declared twice"));
        });
    }
}
