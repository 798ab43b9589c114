using Azure;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Workshops;

namespace TutorBot.Demo;

/// <summary>
/// Demo data for the local run: a session of the demo pair a week ago, confirmed and not yet logged, so the
/// tutor can try the log from "historique" straight away. Added once; a rerun keeps what was done with it.
/// </summary>
public sealed class TutoringDemoSeed(SessionStore sessions, TimeProvider clock) : IDemoSeed
{
    public const string PastSessionId = "demo-past-session";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var lastWeek = DateOnly.FromDateTime(Culture.ToParis(clock.GetUtcNow()).DateTime).AddDays(-7);
        var start = Culture.FromParis(lastWeek, new TimeOnly(18, 0))!.Value;
        var session = new TutoringSession
        {
            PartitionKey = DemoData.Student.Id,
            RowKey = PastSessionId,
            TutorId = DemoData.Tutor.Id,
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
