using System.Security.Cryptography;
using System.Text;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// The proposal: the tutor's form ("séance"), the session created, the invitation sent. The invitation is the one
/// send inside a click: whether it reached the student is what the tutor's card says (with a resend button).
/// </summary>
public sealed partial class TutoringActions
{
    /// <summary>The invitation inside the tutor's click must leave time to answer the click itself.</summary>
    private static readonly TimeSpan NotifyBudget = TimeSpan.FromSeconds(8);

    /// <summary>"séance": the tutor gets the proposal form for their student, with their busy times.</summary>
    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var tutor = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (tutor?.Role != Roles.Tutor)
        {
            await turn.SendAsync(cards.Notice("Session_NotTutor"), cancellationToken);
            return;
        }

        var students = await programme.StudentsOfAsync(tutor.Id, cancellationToken);
        if (students.Count == 0)
        {
            await turn.SendAsync(cards.Notice("Session_NoStudent"), cancellationToken);
            return;
        }

        var busy = await calendar.BusyAsync(tutor, cancellationToken);
        foreach (var student in students)
        {
            await turn.SendAsync(cards.ProposalForm(student.Id, student.DisplayName, busy: busy), cancellationToken);
        }
    }

    private async Task<CardActionResult> ProposeAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var tutor = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        var student = request.Get(TutoringCards.Inputs.StudentId) is { } studentId ? await programme.GetAsync(studentId, cancellationToken) : null;
        if (tutor?.Role != Roles.Tutor || student is null || student.TutorId != tutor.Id)
        {
            return CardActionResult.Replace(cards.Notice("Session_NotYourStudent"));
        }

        if (ProposalInput.Parse(request, clock.GetUtcNow(), out var errorKey, out var errorSlot) is not { } input)
        {
            return CardActionResult.Replace(cards.ProposalForm(student.Id, student.DisplayName, request, errorKey, errorSlot));
        }

        // Availability from the tutor's calendar, where there is a mailbox: a slot over a busy time is refused.
        var busy = await calendar.BusyAsync(tutor, cancellationToken);
        var duration = TimeSpan.FromMinutes(input.DurationMinutes);
        foreach (var slot in input.OtherSlots.Prepend(input.StartUtc))
        {
            if (busy.Any(b => b.Start < slot + duration && slot < b.End))
            {
                return CardActionResult.Replace(cards.ProposalForm(student.Id, student.DisplayName, request, busy: busy, errorText: cards.Text("Propose_Error_Busy", Culture.FormatParis(slot))));
            }
        }

        var session = new TutoringSession
        {
            PartitionKey = student.Id,
            RowKey = SessionIdFor(turn, request),
            TutorId = tutor.Id,
            StartUtc = input.StartUtc,
            Slot2StartUtc = input.OtherSlots.ElementAtOrDefault(0) is var s2 && s2 != default ? s2 : null,
            Slot3StartUtc = input.OtherSlots.ElementAtOrDefault(1) is var s3 && s3 != default ? s3 : null,
            DurationMinutes = input.DurationMinutes,
            Place = input.Place,
            PlaceDetail = input.PlaceDetail,
            CreatedUtc = clock.GetUtcNow(),
            TutorCardActivityId = request.CardActivityId,
            TutorConversationId = turn.Reference.ConversationId,
            TutorServiceUrl = turn.Reference.ServiceUrl,
            StudentHasMailbox = student.Mailbox is not null,
        };

        if (!await sessions.TryAddAsync(session, cancellationToken))
        {
            // The same form submitted twice: the first submit stands.
            var existing = await sessions.GetAsync(session.StudentId, session.Id, cancellationToken);
            return CardActionResult.Replace(cards.TutorStatus(existing ?? session, student.DisplayName, "Session_AlreadySent"));
        }

        Log.Proposed(logger, session.Id, student.Id);
        await NotifyStudentAsync(turn, session, tutor, student, cancellationToken);
        return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName));
    }

    private async Task<CardActionResult> ResendAsync(TurnContext turn, CardActionRequest request, SessionParty party, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = party;
        if (!ObjectIds.Same(tutor.AadObjectId, turn.AadObjectId))
        {
            return CardActionResult.Replace(cards.Notice("Session_NotFound"));
        }

        if (session.StudentCardActivityId is null && session.Status == SessionStatus.Proposed)
        {
            await NotifyStudentAsync(turn, session, tutor, student, cancellationToken);
        }

        return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName));
    }

    /// <summary>Sends the invitation to the student in their language; on failure the session stays, with a resend button.</summary>
    private async Task NotifyStudentAsync(TurnContext turn, TutoringSession session, Person tutor, Person student, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(NotifyBudget);
        try
        {
            var (found, locale) = await StudentConversationAsync(turn, student, budget.Token);
            var reference = found;
            if (reference is null)
            {
                Log.StudentUnreachable(logger, student.Id, null);
                return;
            }

            Activity invitation;
            using (new CultureScope(Culture.FromLocale(locale)))
            {
                invitation = cards.StudentInvitation(session, tutor.DisplayName).ToActivity() with
                {
                    ChannelData = new TeamsChannelData { Notification = new NotificationInfo(true) },
                };
            }

            string? activityId;
            try
            {
                activityId = await turn.Connector.SendAsync(reference, invitation, budget.Token);
            }
            catch (ConnectorException ex) when (ex.StatusCode == 404 && student.TeamsUserId is not null)
            {
                // The stored chat is gone (ConversationNotFound): open a new one and remember it.
                var reopened = await OpenStudentConversationAsync(turn, student, budget.Token);
                if (reopened is null)
                {
                    throw;
                }

                reference = reopened;
                activityId = await turn.Connector.SendAsync(reference, invitation, budget.Token);
            }

            session.StudentCardActivityId = activityId ?? "";
            session.StudentConversationId = reference.ConversationId;
            session.StudentServiceUrl = reference.ServiceUrl;
            if (!await sessions.TryReplaceAsync(session, cancellationToken))
            {
                Log.LostRace(logger, session.Id);
            }
        }
        catch (Exception ex) when (ex is ConnectorException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.StudentUnreachable(logger, student.Id, ex);
        }
    }

    private async Task<(ConversationRef? Reference, string? Locale)> StudentConversationAsync(TurnContext turn, Person student, CancellationToken cancellationToken)
    {
        if (ObjectIds.Usable(student.AadObjectId) is { } aad && await conversations.FindAsync(student.TenantId, aad, cancellationToken) is { } found)
        {
            return found;
        }

        return (await OpenStudentConversationAsync(turn, student, cancellationToken), null);
    }

    /// <summary>Opens the 1:1 chat by the student's Teams user id, on the tutor's service, and stores it.</summary>
    private async Task<ConversationRef?> OpenStudentConversationAsync(TurnContext turn, Person student, CancellationToken cancellationToken)
    {
        if (student.TeamsUserId is null || turn.Activity.Recipient?.Id is not { } botId)
        {
            return null;
        }

        var created = await turn.Connector.CreatePersonalConversationAsync(turn.Reference.ServiceUrl, student.TenantId, student.TeamsUserId, botId, cancellationToken);
        if (ObjectIds.Usable(student.AadObjectId) is { } aadId)
        {
            await conversations.SaveAsync(student.TenantId, aadId, created, null, cancellationToken);
        }

        return created;
    }

    /// <summary>One session per form card: a repeated submit of the same card finds the same id.</summary>
    private static string SessionIdFor(TurnContext turn, CardActionRequest request)
    {
        if (request.CardActivityId is null)
        {
            return Guid.NewGuid().ToString("N");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(turn.Reference.ConversationId + "|" + request.CardActivityId));
        return Convert.ToHexStringLower(hash)[..24];
    }
}
