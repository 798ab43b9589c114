namespace TutorBot.Cards;

/// <summary>
/// Every text on a card is shown as typed. Teams reads a TextBlock's text and a fact's title and value as markdown
/// (links, bold, italic, lists) and <c>&lt;at&gt;</c> as a mention, so a reason, a place, a comment or a name one
/// person typed could become a link or a heading on another person's card. The card records pass their elements
/// through <see cref="Guard"/>: a TextBlock whose text could be read as markdown becomes a RichTextBlock of one
/// TextRun, whose text Adaptive Cards never read as markdown, with the same look; a FactSet holding such a text
/// becomes rows of them. Every card gets this by being built from the records; texts of the bot's own words stay
/// TextBlocks and FactSets, as Teams draws them best.
/// </summary>
public static class PlainText
{
    /// <summary>Characters that are never markdown anywhere in a line (a '-' or a digit only is at a line's start).</summary>
    private const string Inert = " ,;:'’\"«»()!?/–—…%€°·.-";

    public static IReadOnlyList<CardElement> Guard(IReadOnlyList<CardElement> elements)
    {
        if (!elements.Any(NeedsGuard))
        {
            return elements;
        }

        return [.. elements.Select(e => NeedsGuard(e) ? Plain(e) : e)];
    }

    /// <summary>
    /// Whether Teams could read <paramref name="text"/> as more than text: any character outside letters, digits,
    /// spaces and inert punctuation; a line opening like a list item, a heading or a quote; a dot joined to a word
    /// as in a domain name, which Teams may turn into a link.
    /// </summary>
    public static bool CouldBeMarkdown(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]) && i > 0 && char.IsLetter(text[i - 1]))
            {
                return true;
            }

            if (!char.IsLetterOrDigit(c) && c is not ('\n' or '\r') && !Inert.Contains(c, StringComparison.Ordinal) && !char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        foreach (var line in text.Split('\n', '\r'))
        {
            var start = line.TrimStart();
            var digits = start.TakeWhile(char.IsAsciiDigit).Count();
            if (start.StartsWith('-') || (digits > 0 && digits < start.Length && start[digits] is '.' or ')'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool NeedsGuard(CardElement element) => element switch
    {
        TextBlock { Markdown: false } t => CouldBeMarkdown(t.Text),
        FactSet f => f.Facts.Any(x => CouldBeMarkdown(x.Title) || CouldBeMarkdown(x.Value)),
        _ => false,
    };

    private static CardElement Plain(CardElement element) => element switch
    {
        TextBlock t => new RichTextBlock([new TextRun(t.Text) { Size = t.Size, Weight = t.Weight, Color = t.Color, IsSubtle = t.IsSubtle }])
        {
            Id = t.Id, Spacing = t.Spacing, Separator = t.Separator,
        },
        FactSet f => new Container([.. f.Facts.Select(fact => new ColumnSet(
        [
            new Column([new RichTextBlock([new TextRun(fact.Title) { Weight = "Bolder" }])]) { Width = "auto" },
            new Column([new RichTextBlock([new TextRun(fact.Value)])]) { Width = "stretch" },
        ]) { Spacing = "Small" })])
        {
            Id = f.Id, Spacing = f.Spacing, Separator = f.Separator,
        },
        _ => element,
    };
}
