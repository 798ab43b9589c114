using Microsoft.Extensions.Localization;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Features.Welcome;

namespace TutorBot.Features.Identity;

/// <summary>The cards of linking: "one moment" while the lookup runs, and the welcome that greets a linked person by name and role.</summary>
public sealed class IdentityCards(IStringLocalizer<IdentityStrings> strings, HelpCards help)
{
    /// <summary>The immediate answer to a turn of someone not linked yet: the lookup's card follows from the outbox.</summary>
    public AdaptiveCard Checking() => new(
    [
        new TextBlock(strings["Checking_Title"]) { Size = "Medium", Weight = "Bolder" },
        new TextBlock(strings["Checking_Text"]),
    ]);

    /// <summary>The welcome for the person's role, opened by their first name and what they are in the programme.</summary>
    public AdaptiveCard Welcome(Person person, string firstName, IEnumerable<IMessageCommand> commands)
    {
        var welcome = help.Welcome(commands, person.Role);
        return new AdaptiveCard(
        [
            new TextBlock(strings["Greeting", firstName]) { Size = "Large", Weight = "Bolder" },
            new TextBlock(strings["Role_" + person.Role]),
            .. welcome.Body,
        ], welcome.Actions);
    }
}
