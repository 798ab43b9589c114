using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Resources;

namespace TutorBot.Features.Welcome;

/// <summary>
/// The welcome, help and "didn't understand" cards: each lists what this person can do (the commands for their
/// role); and the answer to someone who is not in the programme yet.
/// </summary>
public sealed class HelpCards(IStringLocalizer<Strings> strings, IOptions<ProgrammeOptions> programme) : IHelpCards
{
    public AdaptiveCard Welcome(IEnumerable<IMessageCommand> commands, string role) =>
        Card(strings["Welcome_Title"], strings["Welcome_Intro"], commands, role);

    public AdaptiveCard Help(IEnumerable<IMessageCommand> commands, string role) =>
        Card(strings["Help_Title"], strings["Help_Intro"], commands, role);

    public AdaptiveCard Unknown(IEnumerable<IMessageCommand> commands, string role) =>
        Card(strings["Unknown_Title"], strings["Unknown_Intro"], commands, role);

    /// <summary>For a person the programme does not know: whom to ask, and nothing else.</summary>
    public AdaptiveCard NotInProgramme() => new(
    [
        CardPieces.Title(strings["NotInProgramme_Title"]),
        new TextBlock(strings["NotInProgramme_Text", programme.Value.ContactName, programme.Value.ContactEmail]),
    ]);

    private AdaptiveCard Card(string title, string intro, IEnumerable<IMessageCommand> commands, string role) => new(
    [
        CardPieces.Title(title),
        new TextBlock(intro),
        new FactSet([
            .. commands.Where(c => c.ForRoles.Contains(role)).OrderBy(c => c.HelpKey, StringComparer.Ordinal).Select(c => c is ILocalisedHelp h ? new Fact(h.HelpWord, h.HelpLine) : new Fact(strings[c.HelpKey + "_Word"], strings[c.HelpKey])),
            new Fact(strings["Help_Word"], strings["Help_Line"]),
        ]),
        new TextBlock(strings["Help_Footer"]) { IsSubtle = true, Size = "Small" },
    ]);
}
