using Microsoft.Extensions.Localization;
using TutorBot.Conversation;
using TutorBot.Features.Programme;

namespace TutorBot.Features.SiteVisits;

/// <summary>"visite": a partner employee offers a site visit.</summary>
public sealed class OfferVisitCommand(ProgrammeStore programme, VisitCards cards, IStringLocalizer<VisitStrings> strings) : IMessageCommand, ILocalisedHelp
{
    public IReadOnlyCollection<string> Keywords { get; } = ["visite", "visit"];

    public string HelpKey => "Help_Visit";

    /// <summary>Partner employees: in the programme they are its tutors (the command checks the organisation).</summary>
    public IReadOnlyCollection<string> ForRoles { get; } = [Roles.Tutor];

    public string HelpWord => strings["Help_Visit_Word"];

    public string HelpLine => strings["Help_Visit"];

    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var person = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (person?.OrganisationId is not { } org || (await programme.GetOrganisationAsync(org, cancellationToken))?.Kind != "company")
        {
            await turn.SendAsync(cards.Notice("Refused_NotPartner"), cancellationToken);
            return;
        }

        await turn.SendAsync(cards.VisitOfferForm(), cancellationToken);
    }
}
