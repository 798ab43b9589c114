using System.Security.Cryptography;
using System.Text;
using TutorBot.Conversation;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// The proposal: the tutor's form ("séance"), the session created with its invitation as an outbox row due now
/// (<see cref="InvitationHandler"/>); the tutor's card answers at once and is edited if the student cannot be reached.
/// </summary>
public sealed partial class TutoringActions
{
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

        // The invitation is an outbox row due now, planned before the session is written (it waits for that write).
        await outbox.PlanAsync(SessionRows.Invite(session, student.TenantId, turn.Activity.Recipient?.Id, clock.GetUtcNow()), cancellationToken);
        if (!await sessions.TryAddAsync(session, cancellationToken))
        {
            // The same form submitted twice: the first submit stands (its invitation row drops a second one).
            var existing = await sessions.GetAsync(session.StudentId, session.Id, cancellationToken);
            return CardActionResult.Replace(cards.TutorStatus(existing ?? session, student.DisplayName, "Session_AlreadySent"));
        }

        Log.Proposed(logger, session.Id, student.Id);
        return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName));
    }

    /// <summary>The tutor's "send again" once the invitation ended <c>Never</c>: a new invitation row, the session written once.</summary>
    private async Task<CardActionResult> ResendAsync(TurnContext turn, SessionParty party, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = party;
        if (!ObjectIds.Same(tutor.AadObjectId, turn.AadObjectId))
        {
            return CardActionResult.Replace(cards.Notice("Session_NotFound"));
        }

        if (session.StudentCardActivityId is null && session.Status == SessionStatus.Proposed)
        {
            session.Invitations++;
            session.InvitationUndelivered = false;
            var row = SessionRows.Invite(session, student.TenantId, turn.Activity.Recipient?.Id, clock.GetUtcNow());
            if (!await CommitAsync(session, [row], cancellationToken))
            {
                return await ConflictAsync(SessionRoles.Tutor, party, cancellationToken);
            }
        }

        return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName));
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
