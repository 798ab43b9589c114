using Microsoft.Extensions.Localization;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>"publier": the coordinator's publish form.</summary>
public sealed class PublishCommand(ProgrammeStore programme, SchoolDirectory directory, WorkshopCards cards, IStringLocalizer<WorkshopStrings> strings) : IMessageCommand, ILocalisedHelp
{
    public IReadOnlyCollection<string> Keywords { get; } = ["publier", "publish"];

    public string HelpKey => "Help_Publish";

    public IReadOnlyCollection<string> ForRoles { get; } = [Roles.Coordinator];

    public string HelpWord => strings["Help_Publish_Word"];

    public string HelpLine => strings["Help_Publish"];

    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var person = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (person?.Role != Roles.Coordinator)
        {
            await turn.SendAsync(cards.Notice("Refused_NotCoordinator"), cancellationToken);
            return;
        }

        var (schools, classes) = await directory.LoadAsync(cancellationToken);
        await turn.SendAsync(cards.PublishForm(schools, classes), cancellationToken);
    }
}

/// <summary>
/// "ateliers", "visites", "intervenants": the upcoming workshops and visits as the person may act on them — students
/// sign up or cancel, tutors offer to speak, teachers and speakers take attendance, the coordinator matches visits
/// and sees which workshops still lack speakers.
/// </summary>
public sealed class WorkshopListCommand(
    string[] keywords,
    string helpKey,
    string scope,
    ProgrammeStore programme,
    WorkshopLists lists,
    WorkshopCards cards,
    IStringLocalizer<WorkshopStrings> strings) : IMessageCommand, ILocalisedHelp
{
    public const string Workshops = "workshops";
    public const string Visits = "visits";
    public const string LackingSpeakers = "speakers";

    private static readonly IReadOnlyCollection<string> CoordinatorsOnly = [Roles.Coordinator];

    public IReadOnlyCollection<string> Keywords => keywords;

    public string HelpKey => helpKey;

    /// <summary>Everyone lists workshops and visits; only coordinators list the workshops lacking speakers.</summary>
    public IReadOnlyCollection<string> ForRoles => scope == LackingSpeakers ? CoordinatorsOnly : Roles.Everyone;

    public string HelpWord => strings[helpKey + "_Word"];

    public string HelpLine => strings[helpKey];

    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var person = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (person is null)
        {
            await turn.SendAsync(cards.Notice("Refused_Unknown"), cancellationToken);
            return;
        }

        if (scope == LackingSpeakers && person.Role != Roles.Coordinator)
        {
            await turn.SendAsync(cards.Notice("Refused_NotCoordinator"), cancellationToken);
            return;
        }

        await turn.SendAsync(await lists.CardAsync(person, scope, 0, cancellationToken), cancellationToken);
    }
}
