using System.Text.Json;
using TutorBot.Cards;

namespace TutorBot.Conversation;

/// <summary>A button press on a card: an Action.Execute invoke, or its Action.Submit fallback.</summary>
public sealed record CardActionRequest(string Verb, IReadOnlyDictionary<string, string> Data, string? CardActivityId)
{
    public string? Get(string key) => Data.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Reads the action's data and inputs; non-string values keep their JSON text.</summary>
    public static IReadOnlyDictionary<string, string> ReadData(JsonElement? data)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data is { ValueKind: JsonValueKind.Object } obj)
        {
            foreach (var property in obj.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return values;
    }
}

/// <summary>What a button press produces: the card that replaces the pressed one, or a short message.</summary>
public sealed record CardActionResult(AdaptiveCard? Card, string? Message)
{
    public static CardActionResult Replace(AdaptiveCard card) => new(card, null);

    public static CardActionResult Say(string message) => new(null, message);
}

/// <summary>Handles the verbs of one feature's cards.</summary>
public interface ICardActionHandler
{
    IReadOnlyCollection<string> Verbs { get; }

    Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken);
}
