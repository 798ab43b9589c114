using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;
using TutorBot.Features.Roster;
using TutorBot.Features.Welcome;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Identity;

/// <summary>
/// Runs <see cref="IdentityRows.Lookup"/>: asks the connector who the member is (UPN, e-mail; PLATFORM.md §11),
/// finds the roster person by that login (case-insensitive, through the roster's login index) and links them: the
/// roster link, the Programme person, the conversation reference, and the welcome for their role in their language.
/// Someone not in the roster gets the "not in the programme" card and nothing about them is kept: the row is
/// deleted when it ends, never archived. Connector 429, 503 and timeouts come back <c>Later</c>; 404 (not a member
/// of that conversation) ends <c>Never</c>. A deactivated roster person gets nothing.
/// </summary>
public sealed partial class MemberLookupHandler(
    IConnector connector,
    RosterStore roster,
    ProgrammeProjection projection,
    ProgrammeStore programme,
    ConversationStore conversations,
    IdentityCards cards,
    HelpCards help,
    IEnumerable<IMessageCommand> commands,
    ILogger<MemberLookupHandler> logger) : IOutboxHandler
{
    public string Kind => IdentityRows.Lookup;

    public bool ArchivesRows => false;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (LookupPayload.Parse(row.Payload) is not { } p)
        {
            return DeliveryOutcome.Never("unreadable payload");
        }

        var to = new ConversationRef(p.ServiceUrl, p.ConversationId, p.TenantId, p.UserId, p.BotId);
        if (await programme.FindByAadObjectIdAsync(p.TenantId, p.ObjectId, cancellationToken) is { } known)
        {
            // Linked meanwhile (an earlier row of the same person); only a welcome that never went out is still owed.
            return await conversations.IsWelcomedAsync(p.ConversationId, cancellationToken)
                ? DeliveryOutcome.Dropped("already linked")
                : await WelcomeAsync(to, known, FirstNameOf(known), p.Locale, cancellationToken);
        }

        ChannelAccount? member;
        try
        {
            member = await connector.GetMemberAsync(to, p.UserId, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.StatusCode == 404)
        {
            return DeliveryOutcome.Never("connector 404 member not found");
        }
        catch (ConnectorException ex)
        {
            return DeliveryOutcome.Later(ex.StatusCode is { } status ? $"connector {status}" : "connector not reached", ex.RetryAfter);
        }

        if (member is null || (ObjectIds.Usable(member.AadObjectId) is { } aad && !ObjectIds.Same(aad, p.ObjectId)))
        {
            // The connector answered for someone else: link nobody.
            return DeliveryOutcome.Never("member does not match the activity");
        }

        (RosterPerson Person, Azure.ETag ETag)? found = null;
        foreach (var login in new[] { member.UserPrincipalName, member.Email }.OfType<string>().Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            found ??= await roster.FindByLoginAsync(login, cancellationToken);
        }

        if (found is not { Person: var person })
        {
            Log.NotInRoster(logger, row.RowKey);
            using (new CultureScope(Culture.FromLocale(p.Locale)))
            {
                return DeliveryOutcome.Sent(await connector.SendAsync(to, help.NotInProgramme().ToActivity() with { Locale = p.Locale }, cancellationToken));
            }
        }

        if (!person.Active)
        {
            return DeliveryOutcome.Dropped("deactivated");
        }

        var linked = await projection.LinkAsync(person, new IdentityLink(p.TenantId, p.ObjectId, p.UserId), cancellationToken);
        await conversations.SaveAsync(p.TenantId, p.ObjectId, to, p.Locale, cancellationToken);
        Log.Linked(logger, person.Id, row.RowKey);
        return await WelcomeAsync(to, linked, person.FirstName, p.Locale ?? person.Language, cancellationToken);
    }

    /// <summary>The welcome, then the "welcomed" mark: a send that fails is tried again by the row, a welcome is not sent twice.</summary>
    private async Task<DeliveryOutcome> WelcomeAsync(ConversationRef to, Person person, string firstName, string? locale, CancellationToken cancellationToken)
    {
        string? id;
        using (new CultureScope(Culture.FromLocale(locale)))
        {
            id = await connector.SendAsync(to, cards.Welcome(person, firstName, commands.Distinct()).ToActivity() with { Locale = locale }, cancellationToken);
        }

        await conversations.TryMarkWelcomedAsync(to.ConversationId, cancellationToken);
        return DeliveryOutcome.Sent(id);
    }

    private static string FirstNameOf(Person person) => person.DisplayName.Split(' ', 2)[0];

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Teams identity linked to roster person {PersonId} ({RowKey})")]
        public static partial void Linked(ILogger logger, string personId, string rowKey);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Member lookup {RowKey}: not in the roster, told whom to ask; nothing kept")]
        public static partial void NotInRoster(ILogger logger, string rowKey);
    }
}
