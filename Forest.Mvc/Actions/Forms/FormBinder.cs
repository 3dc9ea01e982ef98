using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Forest.Mvc.Actions;
using Forest.Mvc.Errors;
using FluentValidation;

namespace Forest.Mvc.Forms;

/// <summary>
/// Creates the typed form of an action from checked values, then runs the form's FluentValidation validator
/// (resolved from DI, asynchronously). Failures of either step name their fields in one 400.
/// </summary>
internal static class FormBinder
{
    public static async Task<object> BindAsync(SmartActionDescriptor action, SmartActionValues values, IServiceProvider services, CancellationToken cancellationToken)
    {
        var formType = action.FormType!;
        var form = Activator.CreateInstance(formType)!;
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var field in action.Fields)
        {
            try
            {
                if (Value(field, values) is { } value)
                {
                    field.Property!.SetValue(form, value);
                }
            }
            catch (FormatException exception)
            {
                (errors.TryGetValue(field.Field, out var list) ? list : errors[field.Field] = []).Add(exception.Message);
            }
        }

        if (errors.Count == 0 && services.GetService(typeof(IValidator<>).MakeGenericType(formType)) is IValidator validator)
        {
            var context = (IValidationContext)Activator.CreateInstance(typeof(ValidationContext<>).MakeGenericType(formType), form)!;
            var result = await validator.ValidateAsync(context, cancellationToken).ConfigureAwait(false);
            foreach (var failure in result.Errors)
            {
                var name = action.Fields.FirstOrDefault(f => f.Property?.Name == failure.PropertyName)?.Field ?? failure.PropertyName;
                (errors.TryGetValue(name, out var list) ? list : errors[name] = []).Add(failure.ErrorMessage);
            }
        }

        return errors.Count > 0 ? throw ForestRequestException.InvalidFields(errors) : form;
    }

    private static object? Value(ActionFieldDescriptor field, SmartActionValues values)
    {
        var property = field.Property!;
        var (elementType, isList) = FormFieldReader.ElementType(property.PropertyType);
        if (field.Type == FieldType.File)
        {
            var files = values.GetFiles(field.Field);
            return isList ? Collection(property.PropertyType, elementType, files) : files is [var first, ..] ? first : null;
        }

        if (values.GetRaw(field.Field) is not { } raw)
        {
            return field.DefaultValue is null ? null : Convert(field, JsonSerializer.SerializeToElement(field.DefaultValue), elementType);
        }

        if (!isList)
        {
            return Convert(field, raw, elementType);
        }

        var items = raw.EnumerateArray().Select(item => Convert(field, item, elementType)).ToList();
        return Collection(property.PropertyType, elementType, items);
    }

    private static object Collection(Type propertyType, Type elementType, IEnumerable items)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        foreach (var item in items)
        {
            list.Add(item);
        }

        if (!propertyType.IsArray)
        {
            return list;
        }

        var array = Array.CreateInstance(elementType, list.Count);
        list.CopyTo(array, 0);
        return array;
    }

    /// <summary>One checked JSON value to the property's type; a <see cref="FormatException"/> says why it does not fit.</summary>
    private static object? Convert(ActionFieldDescriptor field, JsonElement value, Type type)
    {
        if (type == typeof(JsonElement))
        {
            return value.Clone();
        }

        if (type == typeof(JsonNode))
        {
            return JsonNode.Parse(value.GetRawText());
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        if (type == typeof(string))
        {
            return text;
        }

        if (type.IsEnum)
        {
            return Enum.Parse(type, text);
        }

        if (field.Type == FieldType.Number && field.Reference is null)
        {
            var number = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            try
            {
                return Type.GetTypeCode(type) switch
                {
                    TypeCode.Decimal => number,
                    TypeCode.Double => (double)number,
                    TypeCode.Single => (float)number,
                    _ when number != decimal.Truncate(number) => throw new FormatException("must be a whole number."),
                    _ => System.Convert.ChangeType(number, type, CultureInfo.InvariantCulture),
                };
            }
            catch (OverflowException)
            {
                throw new FormatException($"is out of range ({text}).");
            }
        }

        return Schema.ValueConverter.FromString(text, type)
            ?? throw new FormatException(field.Reference is null ? $"must be {Schema.ValueConverter.Describe(type)}." : $"'{text}' is not a valid id of {field.Reference}.");
    }
}
