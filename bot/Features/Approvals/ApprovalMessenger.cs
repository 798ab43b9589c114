using Microsoft.Extensions.Options;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Roster;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Approvals;

/// <summary>
/// Sends a BAT card to a roster person from an outbox row: the person's Teams identity is the one linked in the roster
/// (tenant + object id, never an address from a request), their chat the one they opened with the bot, their
/// language the one of that chat. Also gathers what the cards name.
/// </summary>
public sealed partial class ApprovalMessenger(
    RosterStore roster,
    RosterPlaces places,
    ConversationStore conversations,
    IConnector connector,
    BatDrafts drafts,
    DraftLinks links,
    IOptions<ApprovalOptions> options,
    ILogger<ApprovalMessenger> logger)
{
    /// <summary>The correspondents of an organisation (its people of that kind), as (partition, id).</summary>
    public async Task<List<string>> CorrespondentsAsync(string organisationId, CancellationToken cancellationToken) =>
        [.. (await roster.ListAsync(RosterKeys.OrganisationPartition(organisationId), RosterKinds.Correspondent, cancellationToken)).Where(p => p.Active).Select(p => p.Id)];

    public async Task<DeliveryOutcome> SendAsync(OutboxRow row, string personPartition, string personId, Func<AdaptiveCard> card, CancellationToken cancellationToken)
    {
        if (row.WasInterrupted)
        {
            // An earlier run stopped after claiming it: the card may be in the chat already.
            return DeliveryOutcome.Uncertain("interrupted while sending");
        }

        var links = await roster.LinksAsync(personPartition, cancellationToken);
        if (!links.TryGetValue(personId, out var identity))
        {
            Log.Unreachable(logger, row.Kind, personId);
            return DeliveryOutcome.Never("recipient has no linked Teams identity");
        }

        if (await conversations.FindAsync(identity.TenantId, identity.ObjectId, cancellationToken) is not { } found)
        {
            Log.Unreachable(logger, row.Kind, personId);
            return DeliveryOutcome.Never("no chat with the recipient");
        }

        Activity activity;
        using (new CultureScope(Culture.FromLocale(found.Locale)))
        {
            activity = card().ToActivity() with { ChannelData = new TeamsChannelData { Notification = new NotificationInfo(true) } };
        }

        var id = await connector.SendAsync(found.Reference, activity, cancellationToken);
        Log.Sent(logger, row.Kind, personId);
        return DeliveryOutcome.Sent(id);
    }

    /// <summary>
    /// The names a card shows: organisations, the requester and, with <paramref name="withPreview"/>, the draft's
    /// preview read from its blob: an HTML draft's words, an image's thumbnail; for a PDF (or an image that gives no
    /// thumbnail) a link made for <paramref name="viewer"/>, the correspondent the card is for.
    /// </summary>
    public async Task<BatCardFacts> FactsAsync(BatRequest r, bool withPreview, CancellationToken cancellationToken, (string Partition, string PersonId)? viewer = null)
    {
        var organisations = await places.OrganisationsAsync(cancellationToken);
        string Name(string id) => organisations.TryGetValue(id, out var o) ? o.Name : id;
        var requester = (await roster.GetAsync(r.RequesterPartition, r.RequesterId, cancellationToken))?.Person.DisplayName.Trim() ?? "—";
        var facts = new BatCardFacts(Name(r.OrganisationId), Name(r.RequesterOrganisationId), requester, null);
        if (!withPreview)
        {
            return facts;
        }

        if (r.DraftContentType is BatDrafts.Png or BatDrafts.Jpeg && options.Value.PreviewMaxChars > 0
            && await drafts.ReadAsync(r.DraftHash, r.DraftContentType, cancellationToken) is { } image
            && DraftPreview.ImageDataUri(image, options.Value.PreviewMaxChars) is { } thumbnail)
        {
            return facts with { PreviewImage = thumbnail };
        }

        if (r.DraftContentType is BatDrafts.Pdf or BatDrafts.Png or BatDrafts.Jpeg)
        {
            return viewer is var (partition, personId) ? facts with { DraftLink = links.Create(r.OrganisationId, r.Id, partition, personId) } : facts;
        }

        return await drafts.ReadAsync(r.DraftHash, r.DraftContentType, cancellationToken) is { } html ? facts with { DraftExcerpt = BatDrafts.Excerpt(html) } : facts;
    }

    public async Task<string> OrganisationNameAsync(string id, CancellationToken cancellationToken) =>
        (await places.OrganisationsAsync(cancellationToken)).TryGetValue(id, out var o) ? o.Name : id;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1411, Level = LogLevel.Information, Message = "BAT card {Kind} sent to {PersonId}")]
        public static partial void Sent(ILogger logger, string kind, string personId);

        [LoggerMessage(EventId = 1412, Level = LogLevel.Warning, Message = "BAT card {Kind} not sent: {PersonId} has no chat with the bot")]
        public static partial void Unreachable(ILogger logger, string kind, string personId);
    }
}
