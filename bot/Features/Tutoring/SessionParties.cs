using TutorBot.Features.Programme;

namespace TutorBot.Features.Tutoring;

/// <summary>A session with its pair, as the clicks and the outbox handlers load it.</summary>
public sealed record SessionParty(TutoringSession Session, Person Tutor, Person Student)
{
    public Person PersonOf(string role) => role == SessionRoles.Tutor ? Tutor : Student;

    public Person OtherOf(string role) => role == SessionRoles.Tutor ? Student : Tutor;
}

/// <summary>Loads a session and its pair: one session read, two programme reads.</summary>
public sealed class SessionParties(SessionStore sessions, ProgrammeStore programme)
{
    public async Task<SessionParty?> LoadAsync(string? studentId, string? sessionId, CancellationToken cancellationToken)
    {
        if (studentId is null || sessionId is null || await sessions.GetAsync(studentId, sessionId, cancellationToken) is not { } session)
        {
            return null;
        }

        var tutor = await programme.GetAsync(session.TutorId, cancellationToken);
        var student = await programme.GetAsync(session.StudentId, cancellationToken);
        return tutor is null || student is null ? null : new SessionParty(session, tutor, student);
    }
}
