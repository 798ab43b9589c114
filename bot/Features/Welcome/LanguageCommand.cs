using System.Globalization;
using Microsoft.Extensions.Localization;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Resources;
using TutorBot.Storage;

namespace TutorBot.Features.Welcome;

/// <summary>
/// <c>français</c> / <c>english</c>: the person's language, kept over Teams' locale (a student whose phone is in
/// English may prefer French). Cards sent to them later use it too.
/// </summary>
public sealed class LanguageCommand(ConversationStore conversations, IStringLocalizer<Strings> strings) : IMessageCommand
{
    public IReadOnlyCollection<string> Keywords { get; } = ["francais", "english", "anglais"];

    public string HelpKey => "Help_Language";

    public IReadOnlyCollection<string> ForRoles => Roles.Everyone;

    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.AadObjectId is not { } aad)
        {
            await turn.SendTextAsync(strings["Language_Unknown_User"], cancellationToken);
            return;
        }

        var english = CommandText.Normalise(turn.Activity.Text).Split(' ')[0] is "english" or "anglais";
        var culture = CultureInfo.GetCultureInfo(english ? "en-GB" : "fr-FR");
        await conversations.SetLanguageAsync(turn.TenantId, aad, culture.Name, cancellationToken);
        using (new CultureScope(culture))
        {
            await turn.SendAsync(new AdaptiveCard([new TextBlock(strings["Language_Set"])]).ToActivity(), cancellationToken);
        }
    }
}
