using TutorBot.Conversation;
using TutorBot.Features.Partners;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Approvals;

/// <summary>
/// The buttons of the BAT decision card. Who pressed is read from stored facts only (tenant + Entra object id → the
/// roster person → correspondent of the logo's owner), never from the card's data; the answer is always a card:
/// recorded, refused (403: not that partner's correspondent), already decided (409: a stale card, a second device),
/// or the same card with what to fix.
/// </summary>
public sealed partial class ApprovalActions(BatDecider decider, RosterStore roster, ApprovalMessenger messenger, ILogger<ApprovalActions> logger) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } = [ApprovalCards.Verb];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var org = request.Get(ApprovalCards.Inputs.Organisation);
        var id = request.Get(ApprovalCards.Inputs.Request);
        if (!PartnersKeys.IsId(org) || !PartnersKeys.IsId(id))
        {
            return CardActionResult.Replace(ApprovalCards.Notice("Error_NotFound"));
        }

        var person = turn.AadObjectId is { } oid ? await roster.FindByIdentityAsync(turn.TenantId, oid, cancellationToken) : null;
        var comment = request.Get(ApprovalCards.Inputs.Comment);
        var attempt = await decider.DecideAsync(org!, id!, person, request.Get(ApprovalCards.Inputs.Decision), comment, cancellationToken);
        if (attempt is null)
        {
            return CardActionResult.Replace(ApprovalCards.Notice("Error_NotFound"));
        }

        var r = attempt.Request;
        Log.Attempted(logger, r.OrganisationId, r.Id, person?.Id, attempt.Outcome.ToString());
        // The decision card shown again (what to fix) keeps its preview, with a draft link for the clicker, who may decide.
        var again = attempt.Outcome is DecisionOutcome.UnknownDecision or DecisionOutcome.CommentRequired or DecisionOutcome.CommentTooLong;
        var viewer = again && person is { OrganisationId: { } o } p ? (RosterKeys.OrganisationPartition(o), p.Id) : ((string, string)?)null;
        var facts = await messenger.FactsAsync(r, withPreview: again, cancellationToken, viewer);
        return CardActionResult.Replace(attempt.Outcome switch
        {
            DecisionOutcome.Decided => ApprovalCards.Outcome(r, facts, "Decided"),
            DecisionOutcome.NotTheCorrespondent => ApprovalCards.Forbidden(facts),
            DecisionOutcome.AlreadyDecided => ApprovalCards.Outcome(r, facts, "AlreadyDecided"),
            DecisionOutcome.CommentRequired => ApprovalCards.Decision(r, facts, errorKey: "Error_CommentRequired", comment: comment),
            DecisionOutcome.CommentTooLong => ApprovalCards.Decision(r, facts, errorKey: "Error_CommentTooLong", comment: comment),
            _ => ApprovalCards.Decision(r, facts, errorKey: "Error_UnknownDecision", comment: comment),
        });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1421, Level = LogLevel.Information, Message = "BAT request {OrganisationId}/{RequestId}: decision by {PersonId} is {Outcome}")]
        public static partial void Attempted(ILogger logger, string organisationId, string requestId, string? personId, string outcome);
    }
}
