using Azure;
using TutorBot.Conversation;
using TutorBot.Features.Tutoring;

namespace TutorBot.Demo;

/// <summary>
/// Demo data for the local run: a session of the demo pair (<see cref="DemoCast"/>) a week ago, confirmed and not yet
/// logged, so the tutor can try the log from "historique" straight away. Added once; a rerun keeps what was done with it.
/// </summary>
public sealed class TutoringDemoSeed(SessionStore sessions, TimeProvider clock) : IDemoSeed
{
    public const string PastSessionId = "demo-past-session";

    public Task SeedAsync(CancellationToken cancellationToken) => AddPastSessionAsync(sessions, DemoCast.StudentId, DemoCast.TutorId, clock, cancellationToken);

    /// <summary>The week-old confirmed session of a pair, added unless an earlier run did (the test fixture's pair uses it too).</summary>
    public static async Task AddPastSessionAsync(SessionStore sessions, string studentId, string tutorId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var lastWeek = DateOnly.FromDateTime(Culture.ToParis(clock.GetUtcNow()).DateTime).AddDays(-7);
        var start = Culture.FromParis(lastWeek, new TimeOnly(18, 0))!.Value;
        var session = new TutoringSession
        {
            PartitionKey = studentId,
            RowKey = PastSessionId,
            TutorId = tutorId,
            StartUtc = start,
            DurationMinutes = 60,
            Place = Places.Teams,
            Status = SessionStatus.Confirmed,
            CreatedUtc = start.AddDays(-7),
            AnsweredUtc = start.AddDays(-6),
            Generation = 1,
        };
        try
        {
            await sessions.TryAddAsync(session, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Seeded by an earlier run.
        }
    }
}
