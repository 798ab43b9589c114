using TutorBot.Features.Workshops;

namespace TutorBot.Demo;

/// <summary>
/// A workshop of the catalogue already published for the local run: a jobs forum at the demo school in three weeks,
/// for the demo student's class, so "ateliers" shows something at once. Added only when absent: a restart keeps its sign-ups.
/// </summary>
public sealed class WorkshopDemoSeed(WorkshopStore workshops, TimeProvider clock) : IDemoSeed
{
    public const string WorkshopId = "demo-jobs-forum";

    public Task SeedAsync(CancellationToken cancellationToken) =>
        AddJobsForumAsync(workshops, DemoCast.SchoolUai, DemoCast.ClassId, "Lycée de l'Étoile, gymnase", DemoCast.CoordinatorId, DemoCast.TenantId, clock, cancellationToken);

    /// <summary>The jobs forum in three weeks, 14:00 Paris, added only when absent (the test fixture's school uses it too).</summary>
    public static async Task AddJobsForumAsync(
        WorkshopStore workshops, string schoolId, string classId, string place, string createdBy, string tenantId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var paris = Conversation.Culture.ToParis(clock.GetUtcNow()).AddDays(21);
        var start = Conversation.Culture.FromParis(DateOnly.FromDateTime(paris.DateTime), new TimeOnly(14, 0)) ?? clock.GetUtcNow().AddDays(21);
        await workshops.TryAddAsync(new Workshop
        {
            PartitionKey = WorkshopId,
            Type = WorkshopTypes.JobsForum,
            SchoolIds = schoolId,
            ClassIds = classId,
            StartUtc = start,
            DurationMinutes = 180,
            Place = place,
            Capacity = 40,
            SpeakersWanted = 4,
            CreatedBy = createdBy,
            CreatedUtc = clock.GetUtcNow(),
            TenantId = tenantId,
        }, cancellationToken);
    }
}
