using TutorBot.Features.Programme;

namespace TutorBot.Features.Waves;

public static class AudienceKinds
{
    public const string Everyone = "everyone";
    public const string Role = "role";
    public const string School = "school";
    public const string Class = "class";
    public const string Workshop = "workshop";
    public const string NonResponders = "nonResponders";

    public static readonly IReadOnlyCollection<string> All = [Everyone, Role, School, Class, Workshop, NonResponders];
}

/// <summary>
/// One person a wave may reach: ids and places only (no name), from the bot's people or the roster (then with the
/// roster partition that finds them, for a proactive installation).
/// </summary>
public sealed record WaveCandidate(string Id, string Role, string? SchoolId, string? ClassId, string? RosterPartition = null);

/// <summary>Who a wave is for. Everyone means the programme's students and tutors (not staff, teachers or correspondents).</summary>
public sealed record WaveAudience(string Kind, string? Role = null, string? SchoolId = null, string? ClassId = null, string? WorkshopId = null, string? WaveId = null)
{
    /// <summary>Roles a wave to everyone (or to a role) reaches.</summary>
    public static readonly IReadOnlyCollection<string> Participants = [Roles.Student, Roles.Tutor];

    /// <summary>What is wrong with it as a request (the field and why), or null. Existence of the school, class... is checked against storage.</summary>
    public (string Field, string Why)? Problem() => Kind switch
    {
        AudienceKinds.Everyone => null,
        AudienceKinds.Role when Role is not (Roles.Student or Roles.Tutor) => ("audience.role", "student or tutor"),
        AudienceKinds.Role => null,
        AudienceKinds.School when string.IsNullOrWhiteSpace(SchoolId) => ("audience.schoolId", "required"),
        AudienceKinds.Class when string.IsNullOrWhiteSpace(ClassId) => ("audience.classId", "required"),
        AudienceKinds.Workshop when string.IsNullOrWhiteSpace(WorkshopId) => ("audience.workshopId", "required"),
        AudienceKinds.NonResponders when string.IsNullOrWhiteSpace(WaveId) => ("audience.waveId", "required"),
        AudienceKinds.School or AudienceKinds.Class or AudienceKinds.Workshop or AudienceKinds.NonResponders => null,
        _ => ("audience.kind", "everyone, role, school, class, workshop or nonResponders"),
    };

    /// <summary>
    /// Whether <paramref name="c"/> is in the audience, for the kinds decided by the person alone. A school's or a
    /// class's wave reaches its students (a role narrows it to tutors of none: schools have students only).
    /// Workshop registrants and non-responders come from their own lists (<paramref name="listed"/>).
    /// </summary>
    public bool Selects(WaveCandidate c, IReadOnlySet<string>? listed = null) => Kind switch
    {
        AudienceKinds.Everyone => Participants.Contains(c.Role),
        AudienceKinds.Role => c.Role == Role,
        AudienceKinds.School => c.Role == Roles.Student && c.SchoolId == SchoolId,
        AudienceKinds.Class => c.Role == Roles.Student && c.ClassId == ClassId,
        AudienceKinds.Workshop or AudienceKinds.NonResponders => listed?.Contains(c.Id) == true,
        _ => false,
    };

    /// <summary>The people of <paramref name="candidates"/> it reaches, each once, in id order (a stable plan).</summary>
    public IReadOnlyList<WaveCandidate> Resolve(IEnumerable<WaveCandidate> candidates, IReadOnlySet<string>? listed = null) =>
        [.. candidates.Where(c => Selects(c, listed)).DistinctBy(c => c.Id).OrderBy(c => c.Id, StringComparer.Ordinal)];
}

/// <summary>Who is composing a wave, from stored facts: a coordinator, or a school referent of one school.</summary>
public sealed record WaveAuthor(string PersonId, bool IsCoordinator, string? ReferentSchoolId, string? TenantId = null)
{
    /// <summary>
    /// Coordinators send any wave. A referent sends to their own school, one of its classes, or the non-responders of
    /// an earlier wave of theirs within it; nothing else (no one else may send at all).
    /// </summary>
    /// <param name="schoolOfClass">The school a class belongs to (null when unknown).</param>
    /// <param name="earlier">The earlier wave of a non-responders audience, when there is one.</param>
    public bool MaySend(WaveAudience audience, Func<string, string?> schoolOfClass, Wave? earlier = null)
    {
        if (IsCoordinator)
        {
            return true;
        }

        if (ReferentSchoolId is not { Length: > 0 } own)
        {
            return false;
        }

        return audience.Kind switch
        {
            AudienceKinds.School => audience.SchoolId == own,
            AudienceKinds.Class => audience.ClassId is { } c && schoolOfClass(c) == own,
            AudienceKinds.NonResponders => earlier is not null && earlier.CreatedBy == PersonId && MaySend(earlier.Audience, schoolOfClass),
            _ => false,
        };
    }
}
