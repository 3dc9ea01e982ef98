using Forest.Mvc.Errors;

namespace Forest.Mvc;

/// <summary>
/// A request that Forest.Mvc refuses, with the HTTP status and the Forest error name it is answered with
/// (<c>{"errors":[{"status","detail","name"}]}</c>). Thrown by the pipeline and by <see cref="RecordsSelection{TEntity}"/>;
/// action code may throw it too.
/// </summary>
public sealed class ForestRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status, 4xx.</param>
    /// <param name="name">The Forest error name, e.g. <c>ValidationError</c>.</param>
    /// <param name="detail">A message naming what is wrong.</param>
    public ForestRequestException(int status, string name, string detail)
        : base(detail)
    {
        Status = status;
        Name = name;
    }

    /// <summary>Creates a 400 <c>ValidationError</c>.</summary>
    public ForestRequestException()
        : this(400, ForestErrorNames.Validation, "The request is not valid.")
    {
    }

    /// <summary>Creates a 400 <c>ValidationError</c>.</summary>
    /// <param name="message">A message naming what is wrong.</param>
    public ForestRequestException(string message)
        : this(400, ForestErrorNames.Validation, message)
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    /// <param name="status">The HTTP status, 4xx.</param>
    /// <param name="name">The Forest error name.</param>
    /// <param name="detail">A message naming what is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ForestRequestException(int status, string name, string detail, Exception innerException)
        : base(detail, innerException)
    {
        Status = status;
        Name = name;
    }

    /// <summary>Creates a 400 <c>ValidationError</c> with an inner exception.</summary>
    /// <param name="message">A message naming what is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ForestRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Name = ForestErrorNames.Validation;
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The Forest error name.</summary>
    public string Name { get; }

    /// <summary>Extra data written as <c>data</c> in the error, if any.</summary>
    public object? ErrorData { get; init; }

    /// <summary>Seconds written in <c>Retry-After</c> (on a 429 or 503).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Written as the action error notification <c>400 {"error": message}</c> rather than as a Forest error.</summary>
    internal bool IsNotification { get; init; }

    internal static ForestRequestException Notification(string message) => new(400, ForestErrorNames.Validation, message) { IsNotification = true };

    /// <summary>For invalid form values: the messages of each failing field, written as validation problem details.</summary>
    internal IReadOnlyDictionary<string, string[]>? FieldErrors { get; init; }

    internal static ForestRequestException InvalidFields(IReadOnlyDictionary<string, List<string>> errors) =>
        new(400, ForestErrorNames.Validation, "Invalid values: " + string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
        {
            FieldErrors = errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
        };

    internal static ForestRequestException BadRequest(string detail) => new(400, ForestErrorNames.Validation, detail);

    internal static ForestRequestException NotFound(string detail) => new(404, ForestErrorNames.NotFound, detail);
}

/// <summary>The error names written in <c>errors[].name</c>.</summary>
public static class ForestErrorNames
{
    /// <summary>400: the request is malformed or its values are wrong.</summary>
    public const string Validation = "ValidationError";

    /// <summary>401: no valid token.</summary>
    public const string Unauthorized = "UnauthorizedError";

    /// <summary>403: the user may not do this.</summary>
    public const string Forbidden = "ForbiddenError";

    /// <summary>404: no such collection, record or route.</summary>
    public const string NotFound = "NotFoundError";

    /// <summary>413: the body is too large.</summary>
    public const string PayloadTooLarge = "PayloadTooLargeError";

    /// <summary>415: the body is not JSON.</summary>
    public const string UnsupportedMediaType = "UnsupportedMediaTypeError";

    /// <summary>422: the request carries something it must not (e.g. <c>requester_id</c>).</summary>
    public const string Unprocessable = "UnprocessableError";
}
