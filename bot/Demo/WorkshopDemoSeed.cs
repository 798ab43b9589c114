using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Workshops;

namespace TutorBot.Demo;

/// <summary>
/// A workshop of the catalogue already published for the local run: a jobs forum at the lycée de l'Étoile in three
/// weeks, so "ateliers" shows something at once. Added only when absent: a restart keeps its sign-ups.
/// </summary>
public sealed class WorkshopDemoSeed(WorkshopStore workshops, TimeProvider clock) : IDemoSeed
{
    public const string WorkshopId = "demo-jobs-forum";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var paris = Conversation.Culture.ToParis(clock.GetUtcNow()).AddDays(21);
        var start = Conversation.Culture.FromParis(DateOnly.FromDateTime(paris.DateTime), new TimeOnly(14, 0)) ?? clock.GetUtcNow().AddDays(21);
        await workshops.TryAddAsync(new Workshop
        {
            PartitionKey = WorkshopId,
            Type = WorkshopTypes.JobsForum,
            SchoolIds = "lycee-etoile",
            ClassIds = "etoile-tle-sti2d",
            StartUtc = start,
            DurationMinutes = 180,
            Place = "Lycée de l'Étoile, gymnase",
            Capacity = 40,
            SpeakersWanted = 4,
            CreatedBy = "coordinator-ines",
            CreatedUtc = clock.GetUtcNow(),
            TenantId = DemoData.TenantId,
        }, cancellationToken);
    }
}
