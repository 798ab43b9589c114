using System.Globalization;
using TutorBot.Calendar;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// Sessions as <c>.ics</c> files (kind "session"), for students without a Microsoft 365 mailbox: the booking id is
/// <see cref="SessionCalendar.BookingIdOf"/>; only the pair may download it. A moved session is a new generation
/// (a higher sequence); a cancelled or superseded one is offered as cancelled.
/// </summary>
public sealed class SessionIcsSource(SessionStore sessions, ProgrammeStore programme) : IIcsSource
{
    public const string SessionKind = "session";

    public string Kind => SessionKind;

    public async Task<IcsBooking?> FindAsync(string bookingId, string personId, CancellationToken cancellationToken = default)
    {
        if (!bookingId.StartsWith("session-", StringComparison.Ordinal) || bookingId["session-".Length..].Split('.') is not [var sessionId, var generationText]
            || !int.TryParse(generationText, NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return null;
        }

        var person = await programme.GetAsync(personId, cancellationToken);
        var studentId = person?.Role == Roles.Student ? person.Id : null;
        if (person is null || studentId is null && person.Role != Roles.Tutor)
        {
            return null;
        }

        TutoringSession? session = null;
        if (studentId is not null)
        {
            session = await sessions.GetAsync(studentId, sessionId, cancellationToken);
        }
        else
        {
            foreach (var student in await programme.StudentsOfAsync(person.Id, cancellationToken))
            {
                session ??= await sessions.GetAsync(student.Id, sessionId, cancellationToken);
            }
        }

        if (session is null || (session.StudentId != personId && session.TutorId != personId) || generation > session.Generation)
        {
            return null;
        }

        var tutor = await programme.GetAsync(session.TutorId, cancellationToken);
        var studentPerson = await programme.GetAsync(session.StudentId, cancellationToken);
        if (tutor is null || studentPerson is null)
        {
            return null;
        }

        var cancelled = session.Status != SessionStatus.Confirmed || generation != session.Generation;
        return new IcsBooking(SessionCalendar.BookingOf(session, tutor, studentPerson) with { BookingId = bookingId }, session.Generation, cancelled);
    }
}
