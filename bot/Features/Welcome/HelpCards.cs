using Microsoft.Extensions.Localization;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Resources;

namespace TutorBot.Features.Welcome;

/// <summary>The welcome, help and "didn't understand" cards: each lists what the bot can do.</summary>
public sealed class HelpCards(IStringLocalizer<Strings> strings)
{
    public AdaptiveCard Welcome(IEnumerable<IMessageCommand> commands) =>
        Card(strings["Welcome_Title"], strings["Welcome_Intro"], commands);

    public AdaptiveCard Help(IEnumerable<IMessageCommand> commands) =>
        Card(strings["Help_Title"], strings["Help_Intro"], commands);

    public AdaptiveCard Unknown(IEnumerable<IMessageCommand> commands) =>
        Card(strings["Unknown_Title"], strings["Unknown_Intro"], commands);

    private AdaptiveCard Card(string title, string intro, IEnumerable<IMessageCommand> commands) => new(
    [
        new TextBlock(title) { Size = "Large", Weight = "Bolder" },
        new TextBlock(intro),
        new FactSet([
            .. commands.OrderBy(c => c.HelpKey, StringComparer.Ordinal).Select(c => c is ILocalisedHelp h ? new Fact(h.HelpWord, h.HelpLine) : new Fact(strings[c.HelpKey + "_Word"], strings[c.HelpKey])),
            new Fact(strings["Help_Word"], strings["Help_Line"]),
        ]),
        new TextBlock(strings["Help_Footer"]) { IsSubtle = true, Size = "Small" },
    ]);
}
