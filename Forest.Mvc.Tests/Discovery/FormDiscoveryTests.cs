using System.Text.Json;
using Forest.Mvc.Actions;
using Forest.Mvc.Forms;
using Forest.Mvc.Schema;
using Forest.Mvc.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Forest.Mvc.Discovery;

namespace Forest.Mvc.Tests.Discovery;

/// <summary>Form classes and hooks read at startup: field types, required-ness from nullability, and wrong declarations.</summary>
[TestFixture]
public sealed class FormDiscoveryTests
{
    private static ForestRegistry Build(params Type[] controllers) => CatalogRegistry.Build(controllers);

    public static class Declarations
    {
        public sealed class RestockForm
        {
            public int Quantity { get; set; }

            public string? Note { get; set; }

            [FormField("Supplier note", IsRequired = true, Widget = "rich text editor")]
            public string? SupplierNote { get; set; }

            [Reference("categories")]
            public int? Category { get; set; }

            public ProductKind Kind { get; set; }

            public List<ProductKind>? Kinds { get; set; }

            public ActionFile? Invoice { get; set; }

            public JsonElement Extra { get; set; }

            public Guid? Batch { get; set; }

            [System.ComponentModel.DataAnnotations.Display(Name = "Delivery date", Description = "When the goods arrive.")]
            public DateOnly? Delivery { get; set; }
        }

        public sealed class ProductsController : SmartActionsController<Product>
        {
            [SmartAction("Restock")]
            public IActionResult Restock(RestockForm form) => Done();

            [LoadHook(nameof(Restock))]
            public void Load(ActionForm form)
            {
            }

            [ChangeHook(nameof(Restock), "Kind", "Quantity")]
            public Task OnChange(ActionForm form, CancellationToken ct) => Task.CompletedTask;
        }

        public sealed class MixedLayoutForm : IFormLayout
        {
            public string? Name { get; set; }

            public string? Note { get; set; }

            public static FormLayout Layout => FormLayout.Of(
                FormElement.Page(FormElement.Input("Name"), FormElement.Page(FormElement.Input("Note"))),
                FormElement.Input("Name"),
                FormElement.Row("Colour"));
        }

        public sealed class LaidOutController : SmartActionsController<Label>
        {
            [SmartAction("Label it")]
            public IActionResult LabelIt(MixedLayoutForm form) => Done();
        }

        public sealed class Unbindable
        {
            public Uri? Link { get; set; }
        }

        public sealed class BadFormsController : SmartActionsController<Category>
        {
            [SmartAction("Two forms")]
            public IActionResult TwoForms(RestockForm form, Unbindable other) => Done();

            [SmartAction("Unbindable")]
            public IActionResult WithUri(Unbindable form) => Done();

            [SmartAction("Mixed")]
            [ActionField("x")]
            public IActionResult Mixed(RestockForm form) => Done();

            [LoadHook("Nowhere")]
            public void Orphan(ActionForm form)
            {
            }

            [ChangeHook(nameof(Mixed2), "Missing")]
            public void WrongField(ActionForm form)
            {
            }

            [SmartAction("Mixed 2")]
            public IActionResult Mixed2(RestockForm form) => Done();

            [LoadHook(nameof(Mixed2))]
            public string BadSignature(int x) => "";

            [SearchHook(nameof(Mixed2), "Quantity")]
            public void SearchANumber(ActionForm form)
            {
            }

            [SearchHook(nameof(Mixed2), "Nothing")]
            public void SearchNothing(ActionForm form)
            {
            }

            [ChangeHook(nameof(Mixed2), ChangeHookAttribute.AnyField, "Kind")]
            public void AnyAndNamed(ActionForm form)
            {
            }

            [ChangeHook(nameof(Mixed2), ChangeHookAttribute.AnyField)]
            public void FirstAny(ActionForm form)
            {
            }

            [ChangeHook(nameof(Mixed2), ChangeHookAttribute.AnyField)]
            public void SecondAny(ActionForm form)
            {
            }
        }
    }

    [Test]
    public void FormClass_GivesTypedFields_RequiredFromNullability()
    {
        var action = Build(typeof(Declarations.ProductsController)).Actions.Single();

        var fields = action.Fields.ToDictionary(f => f.Field);
        Assert.Multiple(() =>
        {
            Assert.That(action.FormType, Is.EqualTo(typeof(Declarations.RestockForm)));
            Assert.That((fields["Quantity"].Type, fields["Quantity"].IsRequired), Is.EqualTo((FieldType.Number, true)));
            Assert.That((fields["Note"].Type, fields["Note"].IsRequired), Is.EqualTo((FieldType.String, false)));
            Assert.That(fields["Supplier note"].IsRequired, Is.True);
            Assert.That(fields["Category"].Reference, Is.EqualTo("categories.id"));
            Assert.That(fields["Kind"].Enums, Is.EqualTo(new[] { "Book", "Game", "Tool" }));
            Assert.That((fields["Kinds"].Type, fields["Kinds"].IsList), Is.EqualTo((FieldType.Enum, true)));
            Assert.That(fields["Invoice"].Type, Is.EqualTo(FieldType.File));
            Assert.That(fields["Extra"].Type, Is.EqualTo(FieldType.Json));
            Assert.That(fields["Batch"].Type, Is.EqualTo(FieldType.String));
            Assert.That((fields["Delivery date"].Type, fields["Delivery date"].Description), Is.EqualTo((FieldType.Dateonly, "When the goods arrive.")));
            Assert.That(ActionFieldWriter.WidgetEdit(fields["Supplier note"].Widget), Is.EqualTo("rich text"));
        });
    }

    [Test]
    public void Hooks_AreAttached_AndWatchedFieldsNameTheirHook()
    {
        var action = Build(typeof(Declarations.ProductsController)).Actions.Single();

        Assert.Multiple(() =>
        {
            Assert.That(action.LoadHook!.Name, Is.EqualTo("Load"));
            Assert.That(action.ChangeHooks.Select(h => h.Name), Is.EqualTo(new[] { "OnChange" }));
            Assert.That(action.Fields.Where(f => f.Hook == "OnChange").Select(f => f.Field), Is.EquivalentTo(new[] { "Kind", "Quantity" }));
        });
    }

    [Test]
    public void WrongLayouts_StopTheStartup_NamingTheAction()
    {
        var message = Assert.Throws<InvalidOperationException>(() => Build(typeof(Declarations.LaidOutController)))!.Message;

        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("the form of the action 'Label it' is wrong: its layout mixes pages with other elements at the top level"));
            Assert.That(message, Does.Contain("the form of the action 'Label it' is wrong: a page of its layout holds another page"));
            Assert.That(message, Does.Contain("the form of the action 'Label it' is wrong: its layout places 'Colour', which is not a field of the form"));
            Assert.That(message, Does.Contain("the form of the action 'Label it' is wrong: its layout places 'Name' 2 times"));
        });
    }

    [Test]
    public void WrongFormsAndHooks_AreAllReported()
    {
        var message = Assert.Throws<InvalidOperationException>(() => Build(typeof(Declarations.BadFormsController)))!.Message;

        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("TwoForms: the parameter 'other' of type Unbindable is not supported."));
            Assert.That(message, Does.Contain("the form property Unbindable.Link has the type Uri, which no form field can hold."));
            Assert.That(message, Does.Contain("Mixed: declare the form either with a form class (RestockForm) or with [ActionField] attributes, not both."));
            Assert.That(message, Does.Contain("Orphan: the hook names the action method 'Nowhere', which is not a smart action of BadFormsController."));
            Assert.That(message, Does.Contain("WrongField: the action 'Mixed 2' has no field 'Missing'"));
            Assert.That(message, Does.Contain("BadSignature: the hook parameter 'x' of type Int32 is not supported."));
            Assert.That(message, Does.Contain("BadSignature: a hook returns void, Task or ValueTask"));
            Assert.That(message, Does.Contain("AnyAndNamed: ChangeHookAttribute.AnyField watches every field; it cannot be combined with field names."));
            Assert.That(message, Does.Contain("SecondAny: the action 'Mixed 2' already has the any-field change hook FirstAny; an action has one."));
            Assert.That(message, Does.Contain("SearchANumber: the field 'Quantity' of 'Mixed 2' is Number; a searchable dropdown holds one String value."));
            Assert.That(message, Does.Contain("SearchNothing: the action 'Mixed 2' has no field 'Nothing'"));
        });
    }
}
