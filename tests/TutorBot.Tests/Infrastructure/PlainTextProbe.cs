using System.Text.Json;
using TutorBot.Protocol.Schema;

namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// Checks that a text someone typed reaches another person's card only where Adaptive Cards never read markdown:
/// a <c>TextRun</c> (schema: "Markdown is not supported"), an input's value, a choice or a button title. A
/// <c>TextBlock</c> text and a fact's title or value are markdown (links, bold, lists), so the text must not be there.
/// </summary>
public static class PlainTextProbe
{
    /// <summary>Injection strings: a link, bold, a heading, a Teams mention, a list item.</summary>
    public const string Link = "[x](https://evil.example)";
    public const string Bold = "**bold**";
    public const string Heading = "# title";
    public const string Mention = "<at>Bot</at>";
    public const string ListItem = "- item";

    public static void AssertShownAsPlainText(Activity? activity, string typed)
    {
        Assert.IsNotNull(activity, "no activity");
        Assert.IsNotNull(activity.Attachments, "the activity carries no card");
        AssertShownAsPlainText(JsonSerializer.SerializeToElement(activity.Attachments.Single().Content, ProtocolJson.Options), typed);
    }

    public static void AssertShownAsPlainText(JsonElement card, string typed)
    {
        var found = new List<(string Path, string? Type, string? Array)>();
        Walk(card, "$", null, null, typed, found);
        Assert.IsNotEmpty(found, $"the typed text is not on the card: {card.GetRawText()}");
        var markdown = found.Where(f => !(f.Type is "TextRun" || f.Type?.StartsWith("Input.", StringComparison.Ordinal) == true
                                          || f.Type?.StartsWith("Action.", StringComparison.Ordinal) == true || f.Array == "choices")).ToList();
        Assert.IsEmpty(markdown, "shown where markdown is read: " + string.Join(", ", markdown.Select(m => $"{m.Path} ({m.Type ?? "no type: a fact"})")) + "\n" + card.GetRawText());
    }

    private static void Walk(JsonElement e, string path, string? type, string? array, string typed, List<(string, string?, string?)> found)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var ownType = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.String)
                    {
                        if (p.Name is "text" or "value" or "title" && p.Value.GetString()!.Contains(typed, StringComparison.Ordinal))
                        {
                            found.Add((path + "." + p.Name, ownType, array));
                        }
                    }
                    else if (p.Value.ValueKind == JsonValueKind.Array)
                    {
                        var i = 0;
                        foreach (var item in p.Value.EnumerateArray())
                        {
                            Walk(item, $"{path}.{p.Name}[{i++}]", ownType, p.Name, typed, found);
                        }
                    }
                    else
                    {
                        Walk(p.Value, path + "." + p.Name, ownType, null, typed, found);
                    }
                }

                break;
            case JsonValueKind.String when array is not null && e.GetString()!.Contains(typed, StringComparison.Ordinal):
                // A bare string in an array: a TextRun's shorthand inside "inlines", else something unknown.
                found.Add((path, array == "inlines" ? "TextRun" : type, array));
                break;
        }
    }
}
