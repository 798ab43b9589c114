using System.Text.Json.Serialization;

namespace TutorBot.Protocol.Schema;

/// <summary>
/// The body of the HTTP 200 answer to an <c>adaptiveCard/action</c> invoke (PLATFORM.md §4).
/// </summary>
public sealed record AdaptiveCardInvokeResponse(
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] object? Value)
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    public static AdaptiveCardInvokeResponse Card(object card) => new(200, CardType, card);

    public static AdaptiveCardInvokeResponse Message(string text) => new(200, MessageType, text);

    public static AdaptiveCardInvokeResponse Error(int status, string code, string message) =>
        new(status, ErrorType, new InvokeError(code, message));
}

public sealed record InvokeError(string Code, string Message);

/// <summary>The <c>value</c> of an <c>adaptiveCard/action</c> invoke.</summary>
public sealed record AdaptiveCardInvokeValue(AdaptiveCardInvokeAction? Action, string? Trigger);

public sealed record AdaptiveCardInvokeAction(string? Type, string? Id, string? Verb, System.Text.Json.JsonElement? Data);
