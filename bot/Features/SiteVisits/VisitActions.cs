using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;
using TutorBot.Features.Workshops;

namespace TutorBot.Features.SiteVisits;

/// <summary>
/// The buttons of site-visit cards: a partner employee offers a visit (hosted in their stored mailbox, none is
/// typed), a coordinator matches it to schools and may give it to a colleague of the same company to host.
/// </summary>
public sealed partial class VisitActions(
    WorkshopStore workshops,
    ProgrammeStore programme,
    SchoolDirectory directory,
    OutboxStore outbox,
    WorkshopCards cards,
    VisitCards visitCards,
    VisitHosts hosts,
    TimeProvider clock,
    ILogger<VisitActions> logger) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } = [WorkshopCards.Verbs.OfferVisit, WorkshopCards.Verbs.MatchForm, WorkshopCards.Verbs.Match];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var person = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (person is null)
        {
            return CardActionResult.Replace(cards.Notice("Refused_Unknown"));
        }

        return request.Verb switch
        {
            WorkshopCards.Verbs.OfferVisit => await OfferVisitAsync(turn, person, request, cancellationToken),
            WorkshopCards.Verbs.MatchForm => await MatchFormAsync(person, request, cancellationToken),
            WorkshopCards.Verbs.Match => await MatchAsync(turn, person, request, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
    }

    private async Task<CardActionResult> OfferVisitAsync(TurnContext turn, Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (person.OrganisationId is not { } org || (await programme.GetOrganisationAsync(org, cancellationToken))?.Kind != "company")
        {
            return CardActionResult.Replace(visitCards.Notice("Refused_NotPartner"));
        }

        if (VisitError(request, out var when) is { } errorKey)
        {
            return CardActionResult.Replace(visitCards.VisitOfferForm(request, errorKey));
        }

        var visit = new Workshop
        {
            PartitionKey = WorkshopActions.IdFor(turn, request, "v"),
            Kind = WorkshopKinds.Visit,
            Type = WorkshopKinds.Visit,
            Status = WorkshopStatus.Offered,
            Site = request.Get(WorkshopCards.Inputs.Site),
            Address = request.Get(WorkshopCards.Inputs.Address),
            City = request.Get(WorkshopCards.Inputs.City),
            Place = request.Get(WorkshopCards.Inputs.Address)!,
            StartUtc = when!.Value.Start,
            DurationMinutes = when.Value.Duration,
            Capacity = (int)double.Parse(request.Get(WorkshopCards.Inputs.Capacity)!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
            // The calendar is the offering employee's stored mailbox (read when booking), never an address typed in the card.
            HostId = person.Id,
            OrganisationId = org,
            CreatedBy = person.Id,
            CreatedUtc = clock.GetUtcNow(),
            TenantId = turn.TenantId,
            ServiceUrl = turn.Reference.ServiceUrl,
            BotId = turn.Activity.Recipient?.Id,
        };
        // The coordinators hear of it from the outbox; a repeated submit finds the first visit and its row planned.
        var existing = await workshops.GetAsync(visit.Id, cancellationToken);
        var added = false;
        if (existing is null)
        {
            await outbox.PlanAsync(VisitRows.Offered(visit), cancellationToken);
            added = await workshops.TryAddAsync(visit, cancellationToken);
            existing = added ? visit : await workshops.GetAsync(visit.Id, cancellationToken);
        }

        if (added)
        {
            Log.Offered(logger, visit.Id, org);
        }

        var status = visitCards.Status(existing ?? visit, added ? "Offer_Done" : "Offer_Already");
        return CardActionResult.Replace(person.Mailbox is null
            ? status with { Body = [.. status.Body, new TextBlock(visitCards.Text("Offer_NoMailbox")) { Color = "Warning" }] }
            : status);
    }

    private async Task<CardActionResult> MatchFormAsync(Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (person.Role != Roles.Coordinator)
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotCoordinator"));
        }

        if (await LoadAsync(request, cancellationToken) is not { Kind: WorkshopKinds.Visit } visit)
        {
            return CardActionResult.Replace(cards.Notice("Workshop_NotFound"));
        }

        var (schools, classes) = await directory.LoadAsync(cancellationToken);
        return CardActionResult.Replace(visitCards.MatchForm(visit, schools, classes, await hosts.LoadAsync(visit, cancellationToken)));
    }

    private async Task<CardActionResult> MatchAsync(TurnContext turn, Person person, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (person.Role != Roles.Coordinator)
        {
            return CardActionResult.Replace(cards.Notice("Refused_NotCoordinator"));
        }

        if (await LoadAsync(request, cancellationToken) is not { Kind: WorkshopKinds.Visit } visit)
        {
            return CardActionResult.Replace(cards.Notice("Workshop_NotFound"));
        }

        if (visit.Status == WorkshopStatus.Published)
        {
            return CardActionResult.Replace(visitCards.Status(visit, "Match_Already"));
        }

        var (schools, classes) = await directory.LoadAsync(cancellationToken);
        var choice = await hosts.LoadAsync(visit, cancellationToken);
        if (WorkshopInput.ParseAudience(request, schools, classes, out var errorKey) is not { } audience)
        {
            return CardActionResult.Replace(visitCards.MatchForm(visit, schools, classes, choice, request, errorKey));
        }

        // Another host may be chosen, only among the stored people of the offering company.
        var host = choice.Host;
        if (request.Get(WorkshopCards.Inputs.Host) is { } hostId && hostId != host?.Id)
        {
            host = choice.Colleagues.FirstOrDefault(p => p.Id == hostId);
            if (host is null)
            {
                return CardActionResult.Replace(visitCards.MatchForm(visit, schools, classes, choice, request, "Error_Host"));
            }

            visit.HostId = host.Id;
        }

        var now = clock.GetUtcNow();
        visit.SchoolIds = string.Join(',', audience.Schools);
        visit.ClassIds = string.Join(',', audience.Classes);
        visit.Status = WorkshopStatus.Published;
        visit.PublishedUtc = now;
        visit.ServiceUrl = turn.Reference.ServiceUrl;
        visit.BotId = turn.Activity.Recipient?.Id;

        // The invitations and the booking are planned first; should the match lose its race they find no published
        // visit of this match (the booking reads what it finds, the announcement is due at another time) and stop.
        await outbox.PlanAsync([WorkshopRows.Announce(visit), VisitRows.Calendar(visit, now)], cancellationToken);
        if (!await workshops.TryReplaceAsync(visit, cancellationToken))
        {
            return CardActionResult.Replace(visitCards.Status(await workshops.GetAsync(visit.Id, cancellationToken) ?? visit, "Match_Already"));
        }

        Log.Matched(logger, visit.Id, visit.SchoolIds);
        var done = visitCards.Status(visit, "Match_Done");
        return CardActionResult.Replace(done with { Body = [.. done.Body, visitCards.HostLine(host)] });
    }

    private string? VisitError(CardActionRequest request, out (DateTimeOffset Start, int Duration)? when)
    {
        when = null;
        foreach (var (input, key) in new[] { (WorkshopCards.Inputs.Site, "Error_Site"), (WorkshopCards.Inputs.Address, "Error_Address"), (WorkshopCards.Inputs.City, "Error_City") })
        {
            if (request.Get(input) is not { Length: <= WorkshopInput.TextMax })
            {
                return key;
            }
        }

        when = WorkshopInput.ParseWhen(request, clock.GetUtcNow(), out var errorKey);
        if (when is null)
        {
            return errorKey;
        }

        if (!double.TryParse(request.Get(WorkshopCards.Inputs.Capacity), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var capacity)
            || capacity != Math.Floor(capacity) || capacity < 1 || capacity > WorkshopInput.CapacityMax)
        {
            return "Error_Capacity";
        }

        return null;
    }

    private async Task<Workshop?> LoadAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        request.Get(WorkshopCards.Inputs.WorkshopId) is { } id ? await workshops.GetAsync(id, cancellationToken) : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Visit {VisitId} offered by {OrganisationId}")]
        public static partial void Offered(ILogger logger, string visitId, string organisationId);

        [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Visit {VisitId} matched to schools {SchoolIds}")]
        public static partial void Matched(ILogger logger, string visitId, string schoolIds);
    }
}
