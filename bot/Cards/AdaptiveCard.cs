using System.Text.Json;
using System.Text.Json.Serialization;
using TutorBot.Protocol.Schema;

namespace TutorBot.Cards;

/// <summary>An Adaptive Card, schema 1.5: the highest Teams renders for bot cards (PLATFORM.md §4).</summary>
public sealed record AdaptiveCard(IReadOnlyList<CardElement> Body, IReadOnlyList<CardAction>? Actions = null)
{
    public const string CurrentVersion = "1.5";

    /// <summary>The elements, with every text that could be read as markdown made plain (<see cref="PlainText"/>).</summary>
    public IReadOnlyList<CardElement> Body { get; init => field = PlainText.Guard(value); } = PlainText.Guard(Body);

    /// <summary>
    /// Budget for a whole bot message: Teams refuses more than about 100 KB (UTF-16) with 413 and Microsoft
    /// advises staying under 80 KB.
    /// </summary>
    public const int MaxMessageBytes = 80 * 1024;

    public string Type => "AdaptiveCard";

    [JsonPropertyName("$schema")]
    public string Schema => "http://adaptivecards.io/schemas/adaptive-card.json";

    public string Version => CurrentVersion;

    public CardRefresh? Refresh { get; init; }

    /// <summary>The message that carries this card, checked against the size budget.</summary>
    public Activity ToActivity()
    {
        var activity = Activity.FromCard(this);
        EnsureFits(activity);
        return activity;
    }

    /// <summary>Throws when a message would exceed Teams' size limit, so it fails here and not as a 413 in production.</summary>
    public static void EnsureFits(object message)
    {
        var json = JsonSerializer.Serialize(message, ProtocolJson.Options);
        var utf16Bytes = json.Length * sizeof(char);
        if (utf16Bytes > MaxMessageBytes)
        {
            throw new CardTooLargeException(utf16Bytes);
        }
    }
}

public sealed class CardTooLargeException(int bytes)
    : InvalidOperationException($"The card message is {bytes} bytes (UTF-16); Teams' budget is {AdaptiveCard.MaxMessageBytes}.")
{
    public int Bytes { get; } = bytes;
}

public sealed record CardRefresh(ActionExecute Action, IReadOnlyList<string>? UserIds = null);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(InputText), "Input.Text")]
[JsonDerivedType(typeof(InputDate), "Input.Date")]
[JsonDerivedType(typeof(InputTime), "Input.Time")]
[JsonDerivedType(typeof(InputNumber), "Input.Number")]
[JsonDerivedType(typeof(InputChoiceSet), "Input.ChoiceSet")]
public abstract record CardElement
{
    public string? Id { get; init; }

    public string? Spacing { get; init; }

    public bool? Separator { get; init; }
}

/// <summary>
/// A text. Teams reads a TextBlock's text as markdown, so one whose text could be markdown goes out as a
/// <see cref="RichTextBlock"/> (see <see cref="PlainText"/>) unless <see cref="Markdown"/> says the markdown is the bot's own.
/// </summary>
public sealed record TextBlock(string Text) : CardElement
{
    public bool Wrap { get; init; } = true;
    public string? Size { get; init; }
    public string? Weight { get; init; }
    public string? Color { get; init; }
    public bool? IsSubtle { get; init; }

    /// <summary>The bot's own markdown (a list it builds), sent as is. Never set it on a text holding anything a person typed.</summary>
    [JsonIgnore]
    public bool Markdown { get; init; }
}

/// <summary>Text in runs; a <see cref="TextRun"/>'s text is never read as markdown (schema 1.2: "Markdown is not supported").</summary>
public sealed record RichTextBlock(IReadOnlyList<TextRun> Inlines) : CardElement;

public sealed record TextRun(string Text)
{
    public string Type => "TextRun";
    public string? Size { get; init; }
    public string? Weight { get; init; }
    public string? Color { get; init; }
    public bool? IsSubtle { get; init; }
}

public sealed record Fact(string Title, string Value);

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public IReadOnlyList<CardElement> Items { get; init => field = PlainText.Guard(value); } = PlainText.Guard(Items);

    public string? Style { get; init; }
}

public sealed record Column(IReadOnlyList<CardElement> Items)
{
    public IReadOnlyList<CardElement> Items { get; init => field = PlainText.Guard(value); } = PlainText.Guard(Items);

    public string Type => "Column";
    public string? Width { get; init; }
}

public sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement;

public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;

/// <summary>An image by URL or <c>data:</c> URI (Adaptive Cards 1.2+); its alternative text is the bot's own words.</summary>
public sealed record Image(string Url) : CardElement
{
    public string? AltText { get; init; }
    public string? Size { get; init; }
}

public abstract record CardInput : CardElement
{
    public string? Label { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
}

public sealed record InputText : CardInput
{
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public bool? IsMultiline { get; init; }
    public int? MaxLength { get; init; }
    public string? Regex { get; init; }
}

/// <summary>A date input: its value is <c>YYYY-MM-DD</c>, with no zone (read as Europe/Paris).</summary>
public sealed record InputDate : CardInput
{
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
}

/// <summary>A time input: its value is <c>HH:mm</c>, with no zone (read as Europe/Paris).</summary>
public sealed record InputTime : CardInput
{
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
}

public sealed record InputNumber : CardInput
{
    public double? Value { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
}

public sealed record Choice(string Title, string Value);

public sealed record InputChoiceSet(IReadOnlyList<Choice> Choices) : CardInput
{
    public string? Value { get; init; }
    public string? Style { get; init; }
    public bool? IsMultiSelect { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ActionExecute), "Action.Execute")]
[JsonDerivedType(typeof(ActionSubmit), "Action.Submit")]
[JsonDerivedType(typeof(ActionOpenUrl), "Action.OpenUrl")]
public abstract record CardAction(string Title);

/// <summary>
/// A universal action: Teams sends an <c>adaptiveCard/action</c> invoke with <see cref="Verb"/> and <see cref="Data"/>.
/// Its fallback is the equivalent <c>Action.Submit</c>, for clients without universal actions.
/// </summary>
public sealed record ActionExecute(string Title, string Verb, IReadOnlyDictionary<string, string> Data) : CardAction(Title)
{
    public string? AssociatedInputs { get; init; }

    public CardAction Fallback => new ActionSubmit(Title, new Dictionary<string, string>(Data) { [CardVerbs.SubmitVerbKey] = Verb }) { AssociatedInputs = AssociatedInputs };
}

public sealed record ActionSubmit(string Title, IReadOnlyDictionary<string, string> Data) : CardAction(Title)
{
    public string? AssociatedInputs { get; init; }
}

public sealed record ActionOpenUrl(string Title, Uri Url) : CardAction(Title);

public static class CardVerbs
{
    /// <summary>The data key that carries the verb of an <c>Action.Submit</c> fallback.</summary>
    public const string SubmitVerbKey = "verb";
}
