using System.Text.Json;
using TutorBot.Protocol.Schema;

namespace TutorBot.Cards;

/// <summary>
/// Splits a long list of card elements (a history, a list of workshops) into pages that each fit Teams' message
/// budget (<see cref="AdaptiveCard.MaxMessageBytes"/>), so a long list is paged ("more") instead of failing.
/// </summary>
public static class CardPages
{
    /// <summary>Room kept on every page for its title, summary, paging buttons and the message around the card.</summary>
    public const int ReserveBytes = 16 * 1024;

    /// <summary>At least one page (empty when there is nothing); each holds at most <paramref name="maxPerPage"/> elements.</summary>
    public static IReadOnlyList<IReadOnlyList<CardElement>> Split(IEnumerable<CardElement> elements, int maxPerPage = 25)
    {
        const int budget = AdaptiveCard.MaxMessageBytes - ReserveBytes;
        var pages = new List<IReadOnlyList<CardElement>>();
        var current = new List<CardElement>();
        var size = 0;
        foreach (var element in elements)
        {
            var bytes = JsonSerializer.Serialize(element, ProtocolJson.Options).Length * sizeof(char);
            if (current.Count > 0 && (size + bytes > budget || current.Count >= maxPerPage))
            {
                pages.Add(current);
                current = [];
                size = 0;
            }

            current.Add(element);
            size += bytes;
        }

        pages.Add(current);
        return pages;
    }
}
